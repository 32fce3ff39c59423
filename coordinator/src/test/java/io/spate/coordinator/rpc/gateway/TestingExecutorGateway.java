package io.spate.coordinator.rpc.gateway;

import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.CancelTaskRequest;
import io.spate.rpc.proto.HeartbeatRequest;
import io.spate.rpc.proto.HeartbeatResponse;
import io.spate.rpc.proto.NotifyCheckpointCompleteRequest;
import io.spate.rpc.proto.SubmitTaskRequest;
import io.spate.rpc.proto.TriggerCheckpointRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * An {@link ExecutorGateway} made of one function per call (Flink's
 * TestingTaskExecutorGatewayBuilder). Defaults: heartbeats answer with an empty slot report, other
 * calls answer Ack(accepted).
 */
public final class TestingExecutorGateway implements ExecutorGateway {

    private static final Ack ACCEPTED = Ack.newBuilder().setAccepted(true).build();

    private final Function<HeartbeatRequest, CompletableFuture<HeartbeatResponse>> heartbeat;
    private final Function<SubmitTaskRequest, CompletableFuture<Ack>> submitTask;
    private final Function<CancelTaskRequest, CompletableFuture<Ack>> cancelTask;
    private final Function<TriggerCheckpointRequest, CompletableFuture<Ack>> triggerCheckpoint;
    private final Function<NotifyCheckpointCompleteRequest, CompletableFuture<Ack>> notifyComplete;
    private volatile boolean closed;

    private TestingExecutorGateway(Builder b) {
        this.heartbeat = b.heartbeat;
        this.submitTask = b.submitTask;
        this.cancelTask = b.cancelTask;
        this.triggerCheckpoint = b.triggerCheckpoint;
        this.notifyComplete = b.notifyComplete;
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public CompletableFuture<HeartbeatResponse> heartbeat(
            HeartbeatRequest request, Duration deadline) {
        return heartbeat.apply(request);
    }

    @Override
    public CompletableFuture<Ack> submitTask(SubmitTaskRequest request, Duration deadline) {
        return submitTask.apply(request);
    }

    @Override
    public CompletableFuture<Ack> cancelTask(CancelTaskRequest request, Duration deadline) {
        return cancelTask.apply(request);
    }

    @Override
    public CompletableFuture<Ack> triggerCheckpoint(
            TriggerCheckpointRequest request, Duration deadline) {
        return triggerCheckpoint.apply(request);
    }

    @Override
    public CompletableFuture<Ack> notifyCheckpointComplete(
            NotifyCheckpointCompleteRequest request, Duration deadline) {
        return notifyComplete.apply(request);
    }

    @Override
    public void close() {
        closed = true;
    }

    public static final class Builder {
        private Function<HeartbeatRequest, CompletableFuture<HeartbeatResponse>> heartbeat =
                r ->
                        CompletableFuture.completedFuture(
                                HeartbeatResponse.newBuilder()
                                        .setSequence(r.getSequence())
                                        .build());
        private Function<SubmitTaskRequest, CompletableFuture<Ack>> submitTask = r -> accepted();
        private Function<CancelTaskRequest, CompletableFuture<Ack>> cancelTask = r -> accepted();
        private Function<TriggerCheckpointRequest, CompletableFuture<Ack>> triggerCheckpoint =
                r -> accepted();
        private Function<NotifyCheckpointCompleteRequest, CompletableFuture<Ack>> notifyComplete =
                r -> accepted();

        private static CompletableFuture<Ack> accepted() {
            return CompletableFuture.completedFuture(ACCEPTED);
        }

        public Builder heartbeat(
                Function<HeartbeatRequest, CompletableFuture<HeartbeatResponse>> f) {
            this.heartbeat = f;
            return this;
        }

        public Builder submitTask(Function<SubmitTaskRequest, CompletableFuture<Ack>> f) {
            this.submitTask = f;
            return this;
        }

        public Builder cancelTask(Function<CancelTaskRequest, CompletableFuture<Ack>> f) {
            this.cancelTask = f;
            return this;
        }

        public Builder triggerCheckpoint(
                Function<TriggerCheckpointRequest, CompletableFuture<Ack>> f) {
            this.triggerCheckpoint = f;
            return this;
        }

        public Builder notifyCheckpointComplete(
                Function<NotifyCheckpointCompleteRequest, CompletableFuture<Ack>> f) {
            this.notifyComplete = f;
            return this;
        }

        public TestingExecutorGateway build() {
            return new TestingExecutorGateway(this);
        }
    }
}
