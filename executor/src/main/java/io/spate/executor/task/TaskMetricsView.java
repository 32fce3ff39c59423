package io.spate.executor.task;

import io.spate.rpc.proto.TaskMetrics;

/**
 * A task's metrics as other threads see them (heartbeat replies): the task thread publishes its
 * counters after every batch with plain volatile writes, and its operators' metrics (gauges,
 * histograms) as an immutable message now and then. Readers never lock and never touch the
 * operators.
 */
public final class TaskMetricsView {

  private volatile long recordsIn;
  private volatile long recordsOut;
  private volatile long bytesIn;
  private volatile long bytesOut;
  private volatile TaskMetrics operatorMetrics = TaskMetrics.getDefaultInstance();

  /** Task thread. */
  void publishCounters(long recordsIn, long recordsOut, long bytesIn, long bytesOut) {
    this.recordsIn = recordsIn;
    this.recordsOut = recordsOut;
    this.bytesIn = bytesIn;
    this.bytesOut = bytesOut;
  }

  /** Task thread: {@code metrics} holds the operators' gauges and histogram only. */
  void publishOperatorMetrics(TaskMetrics metrics) {
    this.operatorMetrics = metrics;
  }

  /** The current metrics. Any thread. */
  public TaskMetrics snapshot() {
    return operatorMetrics.toBuilder()
        .setRecordsIn(recordsIn)
        .setRecordsOut(recordsOut)
        .setBytesIn(bytesIn)
        .setBytesOut(bytesOut)
        .build();
  }
}
