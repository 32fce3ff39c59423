package io.spate.coordinator.rpc.service;

import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import io.spate.coordinator.dispatcher.DispatcherVerticle;
import io.spate.coordinator.jobmaster.JobMasterVerticle;
import io.spate.coordinator.resourcemanager.ResourceManagerVerticle;
import io.spate.rpc.endpoint.Endpoint;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.CoordinatorGateway;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import io.spate.rpc.proto.RegisterExecutorRequest;
import io.spate.rpc.proto.RegisterExecutorResponse;
import io.spate.rpc.proto.TaskStateUpdate;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.function.Function;

/**
 * The coordinator's gRPC endpoint, served on the HTTP port. It only translates and routes each call
 * to its owner: a registration to the resource manager, a task update or checkpoint ack/decline
 * straight to its job's master (found through the dispatcher's directory, without a hop). The
 * answer comes back on the request's own event loop; a refusal becomes a gRPC status.
 *
 * <p>An update the job master ignores (an old attempt, an ended task, fencing that is not the
 * attempt's slot) or one for a job that is not running here is answered {@code accepted=false} with
 * the reason: the executor then stops the task, which nobody is waiting for.
 */
@GrpcService
public final class CoordinatorGatewayService implements CoordinatorGateway {

    private final ResourceManagerVerticle resourceManager;
    private final DispatcherVerticle dispatcher;
    private final BlobService blobs;

    CoordinatorGatewayService(
            ResourceManagerVerticle resourceManager,
            DispatcherVerticle dispatcher,
            BlobService blobs) {
        this.resourceManager = resourceManager;
        this.dispatcher = dispatcher;
        this.blobs = blobs;
    }

    @Override
    public Uni<io.spate.rpc.proto.BlobChunk> getBlob(io.spate.rpc.proto.GetBlobRequest request) {
        return blobs.read(request);
    }

    @Override
    public Uni<RegisterExecutorResponse> registerExecutor(RegisterExecutorRequest request) {
        return answer(resourceManager.registerExecutor(request));
    }

    @Override
    public Uni<Ack> updateTaskState(TaskStateUpdate request) {
        return toJobMaster(
                request.getJobId(),
                "task update of attempt " + request.getExecutionAttemptId(),
                jm -> jm.taskStateUpdated(request));
    }

    @Override
    public Uni<Ack> acknowledgeCheckpoint(AcknowledgeCheckpointRequest request) {
        return toJobMaster(
                request.getJobId(),
                "ack of checkpoint " + request.getCheckpointId(),
                jm -> jm.checkpointAcknowledged(request));
    }

    @Override
    public Uni<Ack> declineCheckpoint(DeclineCheckpointRequest request) {
        return toJobMaster(
                request.getJobId(),
                "decline of checkpoint " + request.getCheckpointId(),
                jm -> jm.checkpointDeclined(request));
    }

    private Uni<Ack> toJobMaster(
            String jobId, String what, Function<JobMasterVerticle, Future<Boolean>> call) {
        Optional<JobMasterVerticle> jobMaster = dispatcher.jobMaster(jobId);
        if (jobMaster.isEmpty()) {
            return Uni.createFrom()
                    .item(refused(what + ": job " + jobId + " is not running on this coordinator"));
        }
        return answer(call.apply(jobMaster.get()))
                .map(
                        accepted ->
                                accepted
                                        ? Ack.newBuilder().setAccepted(true).build()
                                        : refused(
                                                what
                                                        + " ignored by the job master of "
                                                        + jobId
                                                        + ": unknown or old attempt, ended task,"
                                                        + " or not the attempt's slot"));
    }

    private static Ack refused(String detail) {
        return Ack.newBuilder().setAccepted(false).setDetail(detail).build();
    }

    private static <T> Uni<T> answer(Future<T> answer) {
        return Endpoint.backToCaller(answer).onFailure().transform(GrpcStatuses::of);
    }
}
