package io.spate.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.spate.clock.Clock;
import io.spate.executor.operators.OperatorTesting.RecordedMetrics;
import java.nio.ByteBuffer;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyHistogramSinkTest {

    @Test
    void reportsPercentilesInMicrosecondsAndTheEncodedHistogram() throws Exception {
        LatencyHistogramSink sink = sink("0");
        long now = 1_000_000_000L;
        for (int us = 1; us <= 10_000; us++) {
            sink.record(now - us * 1000L, now); // latency = us microseconds
        }
        sink.record(now + 5_000, now); // a stamp from the future counts as 0

        RecordedMetrics metrics = new RecordedMetrics();
        sink.reportMetricsFromAnyThread(metrics);

        assertThat(metrics.gauges.get("latency-count")).isEqualTo(10_001);
        assertThat(metrics.gauges.get("latency-p50-us")).isCloseTo(5_000, within(10.0));
        assertThat(metrics.gauges.get("latency-p99-us")).isCloseTo(9_900, within(10.0));
        assertThat(metrics.gauges.get("latency-p999-us")).isCloseTo(9_990, within(10.0));
        assertThat(metrics.gauges.get("latency-max-us")).isCloseTo(10_000, within(10.0));
        Histogram decoded =
                Histogram.decodeFromCompressedByteBuffer(
                        ByteBuffer.wrap(metrics.latencyHistogram), 0);
        assertThat(decoded.getTotalCount()).isEqualTo(10_001);
        assertThat(decoded.getMinValue()).isZero();

        // Nothing new: the same metrics again; one more record: counted.
        RecordedMetrics again = new RecordedMetrics();
        sink.reportMetricsFromAnyThread(again);
        assertThat(again.gauges).isEqualTo(metrics.gauges);
        assertThat(again.latencyHistogram).isEqualTo(metrics.latencyHistogram);
        sink.record(now - 20_000_000L, now);
        RecordedMetrics more = new RecordedMetrics();
        sink.reportMetricsFromAnyThread(more);
        assertThat(more.gauges.get("latency-count")).isEqualTo(10_002);
        assertThat(more.gauges.get("latency-max-us")).isCloseTo(20_000, within(20.0));
    }

    @Test
    void anotherThreadReadsWhileTheTaskRecordsAndLosesNothing() throws Exception {
        LatencyHistogramSink sink = sink("0");
        int records = 2_000_000;
        Thread task =
                new Thread(
                        () -> {
                            long now = 1_000_000_000L;
                            for (int i = 0; i < records; i++) {
                                sink.record(now - (i % 1000) * 1000L, now);
                            }
                        });
        task.start();
        long lastCount = 0;
        int reads = 0;
        while (task.isAlive() || reads == 0) {
            RecordedMetrics metrics = new RecordedMetrics();
            sink.reportMetricsFromAnyThread(metrics);
            long count = metrics.gauges.get("latency-count").longValue();
            assertThat(count).isGreaterThanOrEqualTo(lastCount).isLessThanOrEqualTo(records);
            lastCount = count;
            reads++;
        }
        task.join();
        RecordedMetrics last = new RecordedMetrics();
        sink.reportMetricsFromAnyThread(last);
        assertThat(last.gauges.get("latency-count")).isEqualTo((double) records);
        assertThat(last.gauges.get("latency-max-us")).isCloseTo(999, within(1.0));
        Histogram decoded =
                Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(last.latencyHistogram), 0);
        assertThat(decoded.getTotalCount()).isEqualTo(records);
        assertThat(sink.histogram().getTotalCount()).isEqualTo(records);
    }

    @Test
    void recordsArrivingWithinTheWarmupAfterTheFirstAreSkipped() throws Exception {
        LatencyHistogramSink sink = sink("100ms");
        long first = 5_000_000_000L;
        sink.record(first - 1_000, first);
        sink.record(first + 99_000_000L - 1_000, first + 99_000_000L);
        sink.record(first + 100_000_000L - 7_000, first + 100_000_000L);
        sink.record(first + 200_000_000L - 9_000, first + 200_000_000L);

        assertThat(sink.histogram().getTotalCount()).isEqualTo(2);
        assertThat(sink.histogram().getMinValue()).isEqualTo(7);
        assertThat(sink.histogram().getMaxValue()).isEqualTo(9);
    }

    private static LatencyHistogramSink sink(String warmup) throws Exception {
        var spec =
                OperatorTesting.spec(
                        """
            name: latency
            pipeline:
              transforms:
                - type: Words
                  config: {timestamps: true}
                - type: LatencyHistogram
                  config: {warmup: %s}
            """
                                .formatted(warmup),
                        "LatencyHistogram");
        return new LatencyHistogramSink(OperatorTesting.context(spec, 0, 1, Clock.SYSTEM));
    }
}
