package io.spate.coordinator.rpc.gateway;

import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.spate.rpc.GrpcFutures;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.CancelTaskRequest;
import io.spate.rpc.proto.ExecutorGatewayGrpc;
import io.spate.rpc.proto.HeartbeatRequest;
import io.spate.rpc.proto.HeartbeatResponse;
import io.spate.rpc.proto.NotifyCheckpointCompleteRequest;
import io.spate.rpc.proto.SubmitTaskRequest;
import io.spate.rpc.proto.TriggerCheckpointRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** One executor's endpoint over a (possibly shared) gRPC channel. */
final class GrpcExecutorGateway implements ExecutorGateway {

    private final ExecutorGatewayGrpc.ExecutorGatewayFutureStub stub;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    GrpcExecutorGateway(Channel channel, ClientInterceptor authToken, Runnable release) {
        this.stub =
                ExecutorGatewayGrpc.newFutureStub(ClientInterceptors.intercept(channel, authToken));
        this.release = release;
    }

    private ExecutorGatewayGrpc.ExecutorGatewayFutureStub stub(Duration deadline) {
        return stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public CompletableFuture<HeartbeatResponse> heartbeat(
            HeartbeatRequest request, Duration deadline) {
        return GrpcFutures.toCompletable(stub(deadline).heartbeat(request));
    }

    @Override
    public CompletableFuture<Ack> submitTask(SubmitTaskRequest request, Duration deadline) {
        return GrpcFutures.toCompletable(stub(deadline).submitTask(request));
    }

    @Override
    public CompletableFuture<Ack> cancelTask(CancelTaskRequest request, Duration deadline) {
        return GrpcFutures.toCompletable(stub(deadline).cancelTask(request));
    }

    @Override
    public CompletableFuture<Ack> triggerCheckpoint(
            TriggerCheckpointRequest request, Duration deadline) {
        return GrpcFutures.toCompletable(stub(deadline).triggerCheckpoint(request));
    }

    @Override
    public CompletableFuture<Ack> notifyCheckpointComplete(
            NotifyCheckpointCompleteRequest request, Duration deadline) {
        return GrpcFutures.toCompletable(stub(deadline).notifyCheckpointComplete(request));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
