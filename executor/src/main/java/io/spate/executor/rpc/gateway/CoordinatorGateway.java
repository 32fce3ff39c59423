package io.spate.executor.rpc.gateway;

import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import io.spate.rpc.proto.RegisterExecutorRequest;
import io.spate.rpc.proto.RegisterExecutorResponse;
import io.spate.rpc.proto.TaskStateUpdate;
import java.util.concurrent.CompletableFuture;

/**
 * The coordinator as the executor sees it (Flink: ResourceManagerGateway + JobMasterGateway). Every
 * call has a deadline; a failed call completes its future with a {@link
 * io.grpc.StatusRuntimeException} carrying the gRPC status. Futures complete on a transport thread:
 * callers hop back to their own thread.
 */
public interface CoordinatorGateway {

    CompletableFuture<RegisterExecutorResponse> registerExecutor(RegisterExecutorRequest request);

    /** Fenced: {@code update.fencing} carries the registration. */
    CompletableFuture<Ack> updateTaskState(TaskStateUpdate update);

    /** Fenced: {@code request.fencing} carries the registration. */
    CompletableFuture<Ack> acknowledgeCheckpoint(AcknowledgeCheckpointRequest request);

    /** Fenced: {@code request.fencing} carries the registration. */
    CompletableFuture<Ack> declineCheckpoint(DeclineCheckpointRequest request);

    /** A chunk of a blob (a user jar) by its SHA-256; not fenced, authenticated by the token. */
    default CompletableFuture<io.spate.rpc.proto.BlobChunk> getBlob(
            io.spate.rpc.proto.GetBlobRequest request) {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException("this gateway serves no blobs"));
    }
}
