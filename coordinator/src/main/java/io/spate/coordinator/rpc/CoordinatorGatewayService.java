package io.spate.coordinator.rpc;

import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import io.spate.coordinator.resourcemanager.ResourceManagerVerticle;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.CoordinatorGateway;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import io.spate.rpc.proto.RegisterExecutorRequest;
import io.spate.rpc.proto.RegisterExecutorResponse;
import io.spate.rpc.proto.TaskStateUpdate;
import io.vertx.core.Future;

/**
 * The coordinator's gRPC endpoint, served on the HTTP port. It only translates: each call goes to
 * the resource manager verticle, its answer (or a refusal as a gRPC status) comes back.
 */
@GrpcService
public final class CoordinatorGatewayService implements CoordinatorGateway {

    private final ResourceManagerVerticle resourceManager;

    CoordinatorGatewayService(ResourceManagerVerticle resourceManager) {
        this.resourceManager = resourceManager;
    }

    @Override
    public Uni<RegisterExecutorResponse> registerExecutor(RegisterExecutorRequest request) {
        return answer(resourceManager.registerExecutor(request));
    }

    @Override
    public Uni<Ack> updateTaskState(TaskStateUpdate request) {
        return answer(resourceManager.updateTaskState(request));
    }

    @Override
    public Uni<Ack> acknowledgeCheckpoint(AcknowledgeCheckpointRequest request) {
        return answer(resourceManager.acknowledgeCheckpoint(request));
    }

    @Override
    public Uni<Ack> declineCheckpoint(DeclineCheckpointRequest request) {
        return answer(resourceManager.declineCheckpoint(request));
    }

    private static <T> Uni<T> answer(Future<T> answer) {
        return VertxHops.backToCaller(answer).onFailure().transform(GrpcStatuses::of);
    }
}
