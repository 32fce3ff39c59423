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

/**
 * The coordinator's typed view of one executor's endpoint (Flink: TaskExecutorGateway). Every call
 * has a deadline and carries the coordinator's fencing in its request. Futures complete on a
 * transport thread; callers hop back onto their own event loop.
 *
 * <p>A failed future carries an {@link io.grpc.StatusRuntimeException} whose code tells what
 * happened (UNAVAILABLE: unreachable, FAILED_PRECONDITION: fenced off, DEADLINE_EXCEEDED).
 */
public interface ExecutorGateway extends AutoCloseable {

    CompletableFuture<HeartbeatResponse> heartbeat(HeartbeatRequest request, Duration deadline);

    CompletableFuture<Ack> submitTask(SubmitTaskRequest request, Duration deadline);

    CompletableFuture<Ack> cancelTask(CancelTaskRequest request, Duration deadline);

    CompletableFuture<Ack> triggerCheckpoint(TriggerCheckpointRequest request, Duration deadline);

    CompletableFuture<Ack> notifyCheckpointComplete(
            NotifyCheckpointCompleteRequest request, Duration deadline);

    /** Releases the connection behind this gateway; later calls fail. */
    @Override
    void close();
}
