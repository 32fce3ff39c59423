package io.spate.executor.rpc.service;

import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import io.spate.executor.taskexecutor.TaskExecutorLifecycle;
import io.spate.executor.taskexecutor.TaskExecutorVerticle;
import io.spate.rpc.endpoint.Endpoint;
import io.spate.rpc.endpoint.EndpointNotRunningException;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.CancelTaskRequest;
import io.spate.rpc.proto.HeartbeatRequest;
import io.spate.rpc.proto.HeartbeatResponse;
import io.spate.rpc.proto.MutinyExecutorGatewayGrpc;
import io.spate.rpc.proto.NotifyCheckpointCompleteRequest;
import io.spate.rpc.proto.SubmitTaskRequest;
import io.spate.rpc.proto.TriggerCheckpointRequest;
import io.vertx.core.Future;
import jakarta.inject.Inject;
import java.util.function.Function;

/**
 * The executor's gRPC endpoint, called by the coordinator (served on the HTTP port). It only
 * forwards each call to the {@link TaskExecutorVerticle} and returns its answer, a refusal mapped
 * to its gRPC status ({@link GrpcStatuses}).
 */
@GrpcService
public class ExecutorGatewayService extends MutinyExecutorGatewayGrpc.ExecutorGatewayImplBase {

    private final TaskExecutorLifecycle lifecycle;

    @Inject
    public ExecutorGatewayService(TaskExecutorLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public Uni<HeartbeatResponse> heartbeat(HeartbeatRequest request) {
        return forward(v -> v.heartbeat(request));
    }

    @Override
    public Uni<Ack> submitTask(SubmitTaskRequest request) {
        return forward(v -> v.submitTask(request));
    }

    @Override
    public Uni<Ack> cancelTask(CancelTaskRequest request) {
        return forward(v -> v.cancelTask(request));
    }

    @Override
    public Uni<Ack> triggerCheckpoint(TriggerCheckpointRequest request) {
        return forward(v -> v.triggerCheckpoint(request));
    }

    @Override
    public Uni<Ack> notifyCheckpointComplete(NotifyCheckpointCompleteRequest request) {
        return forward(v -> v.notifyCheckpointComplete(request));
    }

    private <T> Uni<T> forward(Function<TaskExecutorVerticle, Future<T>> call) {
        TaskExecutorVerticle verticle = lifecycle.verticle();
        Future<T> answer =
                verticle == null
                        ? Future.failedFuture(new EndpointNotRunningException("the executor"))
                        : call.apply(verticle);
        return Endpoint.backToCaller(answer).onFailure().transform(GrpcStatuses::of);
    }
}
