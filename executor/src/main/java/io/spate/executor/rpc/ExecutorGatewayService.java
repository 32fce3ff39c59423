package io.spate.executor.rpc;

import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import io.spate.executor.taskexecutor.TaskExecutorDeployer;
import io.spate.executor.taskexecutor.TaskExecutorVerticle;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.CancelTaskRequest;
import io.spate.rpc.proto.HeartbeatRequest;
import io.spate.rpc.proto.HeartbeatResponse;
import io.spate.rpc.proto.MutinyExecutorGatewayGrpc;
import io.spate.rpc.proto.NotifyCheckpointCompleteRequest;
import io.spate.rpc.proto.SubmitTaskRequest;
import io.spate.rpc.proto.TriggerCheckpointRequest;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The executor's gRPC endpoint, called by the coordinator (served on the HTTP port). It only
 * forwards each call to the {@link TaskExecutorVerticle}, whose answer (or gRPC status) it returns.
 */
@GrpcService
public class ExecutorGatewayService extends MutinyExecutorGatewayGrpc.ExecutorGatewayImplBase {

    private final TaskExecutorDeployer deployer;

    @Inject
    public ExecutorGatewayService(TaskExecutorDeployer deployer) {
        this.deployer = deployer;
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

    private <T> Uni<T> forward(Function<TaskExecutorVerticle, CompletionStage<T>> call) {
        TaskExecutorVerticle verticle = deployer.verticle();
        if (verticle == null) {
            return Uni.createFrom()
                    .failure(
                            Status.UNAVAILABLE
                                    .withDescription("executor is starting or stopping")
                                    .asRuntimeException());
        }
        return Uni.createFrom().completionStage(() -> call.apply(verticle));
    }
}
