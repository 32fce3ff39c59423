package io.spate.coordinator.checkpoint;

import io.spate.coordinator.executiongraph.ExecutionGraph;
import io.spate.coordinator.executiongraph.ExecutionVertex;
import io.spate.coordinator.resourcemanager.AllocatedSlot;
import io.spate.rpc.GrpcFutures;
import io.spate.rpc.proto.NotifyCheckpointCompleteRequest;
import io.spate.rpc.proto.TriggerCheckpointRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * A job's checkpoint participants over its {@link ExecutionGraph}: the current attempt of every
 * subtask, reached through the gateway of its slot. Called on the job master's thread only.
 */
public final class ExecutionGraphParticipants implements CheckpointParticipants {

    private static final Logger LOG = Logger.getLogger(ExecutionGraphParticipants.class);

    private final String jobId;
    private final ExecutionGraph executions;
    private final Duration rpcTimeout;

    public ExecutionGraphParticipants(
            String jobId, ExecutionGraph executions, Duration rpcTimeout) {
        this.jobId = jobId;
        this.executions = executions;
        this.rpcTimeout = rpcTimeout;
    }

    /** How the checkpoint coordinator sees {@code task}'s current attempt. */
    public static Participant participant(ExecutionVertex task) {
        Phase phase =
                switch (task.state()) {
                    case RUNNING -> Phase.RUNNING;
                    case INPUT_ENDED -> Phase.INPUT_ENDED;
                    default -> Phase.NOT_RUNNING;
                };
        return new Participant(
                task.attemptId(),
                task.jobVertex().id(),
                task.subtaskIndex(),
                task.jobVertex().inputs().isEmpty(),
                phase);
    }

    @Override
    public List<Participant> participants() {
        List<Participant> all = new ArrayList<>(executions.size());
        for (ExecutionVertex task : executions.all()) {
            all.add(participant(task));
        }
        return all;
    }

    @Override
    public CompletableFuture<Void> trigger(Participant target, long id, long timestampMs) {
        ExecutionVertex task = executions.currentAttempt(target.attemptId());
        if (task == null || task.slot() == null) {
            return CompletableFuture.completedFuture(null); // no longer this job's: nothing to ask
        }
        TriggerCheckpointRequest request =
                TriggerCheckpointRequest.newBuilder()
                        .setFencing(task.slot().fencing())
                        .setExecutionAttemptId(task.attemptId())
                        .setCheckpointId(id)
                        .setTimestampMs(timestampMs)
                        .build();
        return task.slot()
                .gateway()
                .triggerCheckpoint(request, rpcTimeout)
                .thenCompose(
                        ack ->
                                ack.getAccepted()
                                        ? CompletableFuture.completedFuture(null)
                                        : CompletableFuture.failedFuture(
                                                new IllegalStateException(ack.getDetail())));
    }

    /** One notification per executor of the job's tasks still alive, not one per task. */
    @Override
    public void notifyComplete(long id, boolean finalCheckpoint) {
        Map<String, AllocatedSlot> executors = new LinkedHashMap<>();
        for (ExecutionVertex task : executions.alive()) {
            if (task.slot() != null) {
                executors.putIfAbsent(task.slot().executorId(), task.slot());
            }
        }
        for (AllocatedSlot slot : executors.values()) {
            NotifyCheckpointCompleteRequest request =
                    NotifyCheckpointCompleteRequest.newBuilder()
                            .setFencing(slot.fencing())
                            .setJobId(jobId)
                            .setCheckpointId(id)
                            .setFinalCheckpoint(finalCheckpoint)
                            .build();
            slot.gateway()
                    .notifyCheckpointComplete(request, rpcTimeout)
                    .whenComplete( // only logs: any thread will do
                            (ack, failure) -> {
                                if (failure != null) {
                                    LOG.debugf(
                                            "job %s: notifying checkpoint %d to %s failed: %s",
                                            jobId,
                                            id,
                                            slot.executorId(),
                                            GrpcFutures.describe(failure));
                                }
                            });
        }
    }
}
