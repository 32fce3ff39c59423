package io.spate.executor.operators;

import java.io.DataInput;
import java.io.DataOutput;

/**
 * The lifecycle every operator of a task's chain shares (Flink: StreamOperator). All methods run on
 * the task thread. {@link #open} before the first record; {@link #finish} once at the end of all
 * input (flush and commit what the operator holds; it may still emit); {@link #close} always last,
 * also after a failure or cancel, and discards anything not committed.
 *
 * <p>Checkpoints (Flink: CheckpointedFunction, CheckpointListener): {@link #snapshotState} between
 * records when the task takes checkpoint n, {@link #restoreState} before {@link #open} when the
 * task starts from a checkpoint, {@link #notifyCheckpointComplete} when checkpoint n completed for
 * the whole job. An operator writes its state in its own binary format with {@code DataOutput}
 * calls and must read back exactly what it wrote (the task checks that nothing is left over).
 */
public interface Operator {

    default void open() throws Exception {}

    default void finish() throws Exception {}

    default void close() throws Exception {}

    /**
     * Writes everything needed to continue after this point; may also pre-commit (a two-phase sink
     * closes what it wrote so far as pending for {@code checkpointId}). Called at most once per id,
     * with increasing ids, also after {@link #finish} (the job's final checkpoint).
     */
    default void snapshotState(long checkpointId, DataOutput out) throws Exception {}

    /** Reads back what {@link #snapshotState} wrote; called once, before {@link #open}. */
    default void restoreState(DataInput in) throws Exception {}

    /** Checkpoint {@code checkpointId} completed: commit what was pre-committed up to it. */
    default void notifyCheckpointComplete(long checkpointId) throws Exception {}

    /**
     * Reports the operator's own metrics (gauges, histograms) for a task metrics snapshot. Task
     * thread.
     */
    default void reportMetrics(OperatorMetrics metrics) {}

    /**
     * Adds metrics that are computed by whoever reads them (a heartbeat reply, a state report), on
     * that thread, while the task goes on: for metrics too expensive for the task thread, such as
     * encoding a histogram. Any thread, concurrently with processing and with other readers.
     */
    default void reportMetricsFromAnyThread(OperatorMetrics metrics) {}
}
