package io.spate.executor.operators;

import io.spate.record.Row;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.jboss.logging.Logger;

/**
 * {@code LatencyHistogram}: an HdrHistogram (3 significant digits) of {@code System.nanoTime() -
 * <field>} in microseconds (negative differences count as 0), over the records that arrive at least
 * {@code warmup} after the first record. Reported in the task metrics as gauges {@code
 * latency-p50-us}, {@code latency-p99-us}, {@code latency-p999-us}, {@code latency-max-us}, {@code
 * latency-count}, plus the histogram itself (compressed encoding) so the coordinator can merge
 * subtasks; logged when the input ends.
 *
 * <p>The task thread only records, into a {@link SingleWriterRecorder} (wait-free); whoever reads
 * the metrics (the heartbeat reply, once a second) moves the recorded interval into the total and
 * computes percentiles and the encoding on its own thread. Done on the task thread, that work took
 * 0.2–2 ms every second — mostly interpreted, since it runs too rarely to be compiled — while the
 * records arriving meanwhile waited.
 */
public final class LatencyHistogramSink implements OneInputOperator {

    private static final Logger LOG = Logger.getLogger(LatencyHistogramSink.class);

    private final int field;
    private final long warmupNanos;
    private final String where;
    private final SingleWriterRecorder recorder = new SingleWriterRecorder(3);
    private final Histogram total = new Histogram(3); // guarded by this
    private Histogram interval; // guarded by this; the recorder's, recycled
    private Report reported; // guarded by this; the last computed gauges and encoding
    private boolean seenFirst;
    private long firstNanos;

    public LatencyHistogramSink(OperatorContext context) {
        String name = context.spec().config().getString("field");
        this.field = context.spec().inputSchema().orElseThrow().indexOf(name);
        this.warmupNanos = context.spec().config().getDuration("warmup").toNanos();
        this.where = context.logName();
    }

    @Override
    public void processRecord(Row row) {
        record(row.getLong(field), System.nanoTime());
    }

    /** Records one record stamped {@code stampNanos} arriving at {@code nowNanos}. */
    void record(long stampNanos, long nowNanos) {
        if (!seenFirst) {
            seenFirst = true;
            firstNanos = nowNanos;
        }
        if (nowNanos - firstNanos < warmupNanos) {
            return;
        }
        recorder.recordValue(Math.max(0, (nowNanos - stampNanos) / 1000));
    }

    /** Everything recorded so far, as a copy. Any thread. */
    public synchronized Histogram histogram() {
        return drained().copy();
    }

    /** The total after adding what was recorded since the last look. Holding the lock. */
    private Histogram drained() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return total;
    }

    @Override
    public void finish() {
        Histogram histogram = histogram();
        LOG.infof(
                "%s: latency over %d records: p50 %d us, p99 %d us, p99.9 %d us, max %d us",
                where,
                histogram.getTotalCount(),
                histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(99),
                histogram.getValueAtPercentile(99.9),
                histogram.getMaxValue());
    }

    @Override
    public synchronized void reportMetricsFromAnyThread(OperatorMetrics metrics) {
        Histogram histogram = drained();
        // Heartbeats read every second, also while nothing arrives (or after the end): compute only
        // when something was recorded since the last look.
        if (reported == null || interval.getTotalCount() > 0) {
            ByteBuffer bytes = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
            int length = histogram.encodeIntoCompressedByteBuffer(bytes);
            reported =
                    new Report(
                            histogram.getValueAtPercentile(50),
                            histogram.getValueAtPercentile(99),
                            histogram.getValueAtPercentile(99.9),
                            histogram.getMaxValue(),
                            histogram.getTotalCount(),
                            Arrays.copyOf(bytes.array(), length));
        }
        metrics.gauge("latency-p50-us", reported.p50);
        metrics.gauge("latency-p99-us", reported.p99);
        metrics.gauge("latency-p999-us", reported.p999);
        metrics.gauge("latency-max-us", reported.max);
        metrics.gauge("latency-count", reported.count);
        metrics.latencyHistogram(reported.encoding);
    }

    /** The gauges and encoding computed at the last look. */
    private record Report(long p50, long p99, long p999, long max, long count, byte[] encoding) {}
}
