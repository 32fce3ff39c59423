package io.spate.executor.operators;

import io.spate.rpc.proto.TaskMetrics;

/**
 * The lifecycle every operator of a task's chain shares (Flink: StreamOperator). All methods run on
 * the task thread. {@link #open} before the first record; {@link #finish} once at the end of all
 * input (flush and commit what the operator holds; it may still emit); {@link #close} always last,
 * also after a failure or cancel, and discards anything not committed.
 */
public interface Operator {

  default void open() throws Exception {}

  default void finish() throws Exception {}

  default void close() throws Exception {}

  /** Adds the operator's own metrics (gauges, histograms) to a task metrics snapshot. */
  default void reportMetrics(TaskMetrics.Builder metrics) {}
}
