package io.spate.executor.task;

import com.google.protobuf.ByteString;
import io.spate.executor.operators.Operator;
import io.spate.executor.operators.OperatorMetrics;
import io.spate.rpc.proto.TaskMetrics;
import java.util.List;

/**
 * A task's metrics as other threads see them (heartbeat replies): the task thread publishes its
 * counters after every batch with plain volatile writes, and its operators' metrics (gauges,
 * histograms) as an immutable message now and then. Readers never lock the task; operators with
 * expensive metrics compute them on the reader's thread ({@link
 * Operator#reportMetricsFromAnyThread}). The one place where operators' {@link OperatorMetrics}
 * become the {@link TaskMetrics} wire message.
 */
public final class TaskMetricsView {

    private volatile long recordsIn;
    private volatile long recordsOut;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile TaskMetrics operatorMetrics = TaskMetrics.getDefaultInstance();
    private volatile List<Operator> readOnAnyThread = List.of();
    private volatile double checkpointAlignmentMs = -1; // -1: no checkpoint yet
    private volatile long checkpointSizeBytes;

    /** Task thread. */
    void publishCounters(long recordsIn, long recordsOut, long bytesIn, long bytesOut) {
        this.recordsIn = recordsIn;
        this.recordsOut = recordsOut;
        this.bytesIn = bytesIn;
        this.bytesOut = bytesOut;
    }

    /** Task thread, once the chain exists: operators whose metrics each reader computes. */
    void readOnAnyThread(List<Operator> operators) {
        this.readOnAnyThread = List.copyOf(operators);
    }

    /**
     * Task thread: asks {@code operators} for their own metrics (gauges, histogram) and keeps them.
     */
    void publishOperatorMetrics(List<Operator> operators) {
        TaskMetrics.Builder metrics = TaskMetrics.newBuilder();
        OperatorMetrics into = into(metrics);
        for (Operator operator : operators) {
            operator.reportMetrics(into);
        }
        this.operatorMetrics = metrics.build();
    }

    /** Task thread: the task's current input watermark (a source's: its output's). */
    void publishWatermark(long watermark) {
        this.watermark = watermark;
    }

    /** Task thread: the alignment time and state file size of the last checkpoint taken. */
    void publishCheckpoint(long alignmentNanos, long sizeBytes) {
        this.checkpointSizeBytes = sizeBytes;
        this.checkpointAlignmentMs = alignmentNanos / 1e6;
    }

    /** Flink's metric name: the task's input watermark, epoch ms. */
    public static final String CURRENT_INPUT_WATERMARK = "currentInputWatermark";

    private volatile long watermark = Long.MIN_VALUE;

    /** The current metrics. Any thread. */
    public TaskMetrics snapshot() {
        TaskMetrics.Builder metrics = operatorMetrics.toBuilder();
        OperatorMetrics into = into(metrics);
        for (Operator operator : readOnAnyThread) {
            operator.reportMetricsFromAnyThread(into);
        }
        long w = watermark;
        if (w != Long.MIN_VALUE) {
            metrics.putGauges(CURRENT_INPUT_WATERMARK, w);
        }
        double alignmentMs = checkpointAlignmentMs;
        if (alignmentMs >= 0) {
            metrics.putGauges("checkpoint-alignment-ms", alignmentMs);
            metrics.putGauges("checkpoint-size-bytes", checkpointSizeBytes);
        }
        return metrics.setRecordsIn(recordsIn)
                .setRecordsOut(recordsOut)
                .setBytesIn(bytesIn)
                .setBytesOut(bytesOut)
                .build();
    }

    /** What operators report, written into {@code metrics}. */
    private static OperatorMetrics into(TaskMetrics.Builder metrics) {
        return new OperatorMetrics() {
            @Override
            public void gauge(String name, double value) {
                metrics.putGauges(name, value);
            }

            @Override
            public void latencyHistogram(byte[] compressedEncoding) {
                metrics.setLatencyHistogram(ByteString.copyFrom(compressedEncoding));
            }
        };
    }
}
