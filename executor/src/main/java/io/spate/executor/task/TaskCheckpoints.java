package io.spate.executor.task;

import io.spate.executor.checkpoint.BarrierAligner;
import io.spate.executor.checkpoint.CheckpointWriter;
import io.spate.executor.checkpoint.OperatorState;
import io.spate.executor.checkpoint.StateFileFormat;
import io.spate.executor.checkpoint.TaskStateFiles;
import io.spate.executor.checkpoint.TaskStateSnapshot;
import io.spate.executor.network.event.CheckpointBarrier;
import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import io.spate.rpc.proto.TaskDeploymentDescriptor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A task's side of checkpointing, owned by its task thread (Flink: SubtaskCheckpointCoordinator):
 * restores the chain at setup, takes snapshot n when triggered (a source, or a task whose input
 * ended) or aligned (the others), and decides when the final checkpoint lets the task finish.
 *
 * <p>Snapshot n: every operator's state is copied to bytes on the task thread, barrier n goes out
 * on every output (unless the outputs ended), and the bytes go to a {@link CheckpointWriter}; once
 * the file is on disk the task acknowledges n through its {@link CheckpointResponder}, or declines
 * n if anything failed. Ids at or below the last one snapshotted (or restored) are ignored.
 */
final class TaskCheckpoints implements BarrierAligner.Listener {

    private static final Logger LOG = Logger.getLogger(TaskCheckpoints.class);

    /** Where the task thread is: decides what a checkpoint trigger does. */
    enum Phase {
        SETUP,
        RUNNING,
        DRAINING,
        INPUT_ENDED
    }

    private final Task task;
    private final TaskDeployment deployment;
    private final CheckpointResponder responder;
    private final TaskMetricsView metrics;
    private final String logName;
    private final TaskStateFiles storage; // null without checkpoints_dir

    // Task thread only.
    private OperatorChain chain;
    private TaskNetwork io;
    private Phase phase = Phase.SETUP;
    private long lastSnapshotted; // checkpoint id of the last snapshot taken or restored
    private long firstSnapshotAfterInputEnded = Long.MAX_VALUE;
    private boolean finalCheckpointCompleted;

    TaskCheckpoints(
            Task task,
            TaskDeployment deployment,
            CheckpointResponder responder,
            TaskMetricsView metrics,
            String logName) {
        this.task = task;
        this.deployment = deployment;
        this.responder = responder;
        this.metrics = metrics;
        this.logName = logName;
        String dir = deployment.descriptor().getCheckpointsDir();
        this.storage = dir.isEmpty() ? null : new TaskStateFiles(Path.of(dir));
    }

    /** The task's chain and network exist: snapshots can be taken from now on. */
    void bind(OperatorChain chain, TaskNetwork io) {
        this.chain = chain;
        this.io = io;
    }

    void enter(Phase next) {
        phase = next;
    }

    long lastSnapshotted() {
        return lastSnapshotted;
    }

    /** Whether the job's final checkpoint completed after this task's input ended. */
    boolean finalCheckpointCompleted() {
        return finalCheckpointCompleted;
    }

    /** Restores the chain from the descriptor's checkpoint, before any operator opens. */
    void restoreIfAsked() throws Exception {
        TaskDeploymentDescriptor d = deployment.descriptor();
        long restoreId = d.getRestoreCheckpointId();
        if (restoreId <= 0) {
            return;
        }
        if (storage == null || d.getRestoreStateHandle().isEmpty()) {
            throw new IllegalArgumentException(
                    "restore_checkpoint_id "
                            + restoreId
                            + " without "
                            + (storage == null ? "checkpoints_dir" : "restore_state_handle"));
        }
        String handle = d.getRestoreStateHandle();
        TaskStateSnapshot snapshot = storage.read(handle);
        String source = "state " + handle + " of checkpoint " + restoreId;
        if (snapshot.checkpointId() != restoreId
                || !snapshot.vertexId().equals(d.getVertexId())
                || snapshot.subtask() != d.getSubtaskIndex()) {
            throw new IOException(
                    source
                            + " belongs to checkpoint "
                            + snapshot.checkpointId()
                            + ", vertex "
                            + snapshot.vertexId()
                            + " subtask "
                            + snapshot.subtask()
                            + ", not to this task (vertex "
                            + d.getVertexId()
                            + " subtask "
                            + d.getSubtaskIndex()
                            + ")");
        }
        chain.restoreState(snapshot, source);
        lastSnapshotted = restoreId;
        LOG.infof("%s: restored from checkpoint %d (%s)", logName, restoreId, handle);
    }

    void onTrigger(long checkpointId, long timestampMs) throws Exception {
        if (checkpointId <= lastSnapshotted) {
            LOG.debugf(
                    "%s: ignoring trigger of checkpoint %d (at %d)",
                    logName, checkpointId, lastSnapshotted);
            return;
        }
        switch (phase) {
            case RUNNING -> {
                if (chain.isSource()) {
                    takeCheckpoint(checkpointId, timestampMs, 0, true);
                } else {
                    declineNotReady(
                            checkpointId,
                            "not a source: barriers reach this task through its inputs");
                }
            }
            case INPUT_ENDED -> {
                takeCheckpoint(checkpointId, timestampMs, 0, false);
                firstSnapshotAfterInputEnded = Math.min(firstSnapshotAfterInputEnded, checkpointId);
            }
            default ->
                    declineNotReady(
                            checkpointId,
                            "input ended and consumers are still reading the last output; the task takes its"
                                    + " final checkpoint once it reports INPUT_ENDED");
        }
    }

    void onComplete(long checkpointId, boolean finalCheckpoint) throws Exception {
        chain.notifyCheckpointComplete(checkpointId);
        // Only the job's final checkpoint ends a task: one that ended on an earlier checkpoint it
        // took
        // after its input ended would be missing from the job's later checkpoints.
        if (finalCheckpoint
                && phase == Phase.INPUT_ENDED
                && checkpointId >= firstSnapshotAfterInputEnded) {
            finalCheckpointCompleted = true;
        }
    }

    /**
     * Snapshots the chain, forwards the barrier (while the outputs are open) and writes the state
     * file off this thread; the acknowledgement follows the write.
     */
    private void takeCheckpoint(
            long checkpointId, long timestampMs, long alignmentNanos, boolean emitBarrier)
            throws Exception {
        if (storage == null) {
            // Still forward the barrier: consumers aligning on it would otherwise block that
            // channel.
            lastSnapshotted = checkpointId;
            if (emitBarrier) {
                io.broadcastEvent(new CheckpointBarrier(checkpointId, timestampMs));
            }
            decline(checkpointId, "the deployment has no checkpoints_dir");
            return;
        }
        TaskDeploymentDescriptor d = deployment.descriptor();
        long start = System.nanoTime();
        byte[] bytes;
        try {
            List<OperatorState> states = chain.snapshotState(checkpointId);
            bytes =
                    StateFileFormat.encode(
                            new TaskStateSnapshot(
                                    checkpointId, d.getVertexId(), d.getSubtaskIndex(), states));
        } catch (Exception e) {
            decline(checkpointId, "snapshot failed: " + e);
            throw e; // an operator that failed half-way through its snapshot cannot go on
        }
        long syncNanos = System.nanoTime() - start;
        lastSnapshotted = checkpointId;
        if (emitBarrier) {
            io.broadcastEvent(new CheckpointBarrier(checkpointId, timestampMs));
        }
        metrics.publishCheckpoint(alignmentNanos, bytes.length);
        String handle =
                TaskStateFiles.handle(
                        d.getJobId(), checkpointId, d.getVertexId(), d.getSubtaskIndex());
        CheckpointWriter.write(storage, handle, bytes)
                .whenComplete(
                        (written, error) -> {
                            if (error != null) {
                                Throwable cause =
                                        error.getCause() != null ? error.getCause() : error;
                                LOG.warnf(
                                        cause,
                                        "%s: writing checkpoint %d failed",
                                        logName,
                                        checkpointId);
                                decline(checkpointId, "writing " + handle + " failed: " + cause);
                                return;
                            }
                            responder.acknowledge(
                                    task,
                                    AcknowledgeCheckpointRequest.newBuilder()
                                            .setJobId(d.getJobId())
                                            .setExecutionAttemptId(d.getExecutionAttemptId())
                                            .setCheckpointId(checkpointId)
                                            .setStateHandle(written.handle())
                                            .setStateSize(written.size())
                                            .setAlignmentNanos(alignmentNanos)
                                            .setSyncNanos(syncNanos)
                                            .setAsyncNanos(written.asyncNanos())
                                            .build());
                        });
    }

    /** Any thread. */
    void decline(long checkpointId, String reason) {
        decline(checkpointId, reason, false);
    }

    /** A decline because the task cannot take part now, which is no failure of the checkpoint. */
    void declineNotReady(long checkpointId, String reason) {
        decline(checkpointId, reason, true);
    }

    private void decline(long checkpointId, String reason, boolean notReady) {
        LOG.debugf("%s: declining checkpoint %d: %s", logName, checkpointId, reason);
        TaskDeploymentDescriptor d = deployment.descriptor();
        try {
            responder.decline(
                    task,
                    DeclineCheckpointRequest.newBuilder()
                            .setJobId(d.getJobId())
                            .setExecutionAttemptId(d.getExecutionAttemptId())
                            .setCheckpointId(checkpointId)
                            .setReason(reason)
                            .setTaskNotReady(notReady)
                            .build());
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: checkpoint responder failed", logName);
        }
    }

    /** The network input's aligner: barrier n arrived on every open channel. */
    @Override
    public void aligned(CheckpointBarrier barrier, long alignmentNanos) throws Exception {
        if (barrier.id() > lastSnapshotted) {
            takeCheckpoint(barrier.id(), barrier.timestamp(), alignmentNanos, true);
        }
    }

    /** The network input's aligner gave up checkpoint n for a newer one. */
    @Override
    public void aborted(long checkpointId, String reason) {
        decline(checkpointId, reason);
    }
}
