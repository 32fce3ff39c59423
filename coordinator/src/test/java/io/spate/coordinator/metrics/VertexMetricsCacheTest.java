package io.spate.coordinator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.spate.rpc.proto.TaskMetrics;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class VertexMetricsCacheTest {

    private static TaskMetrics withLatency(long recordsIn, long... values) {
        Histogram h = new Histogram(3);
        for (long v : values) {
            h.recordValue(v);
        }
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return TaskMetrics.newBuilder()
                .setRecordsIn(recordsIn)
                .setLatencyHistogram(ByteString.copyFrom(buffer.array(), 0, length))
                .build();
    }

    @Test
    void unchangedSubtaskMetricsAreNotAggregatedAgain() {
        VertexMetricsCache cache = new VertexMetricsCache();
        TaskMetrics a = withLatency(10, 100, 200);
        TaskMetrics b = withLatency(20, 300);

        Map<String, Number> first = cache.aggregate("sink", List.of(a, b));
        Map<String, Number> again = cache.aggregate("sink", List.of(a, b));

        assertThat(again).isSameAs(first);
        assertThat(first.get("read-records")).isEqualTo(30L);
        assertThat(first.get("latency-count")).isEqualTo(3L);
    }

    @Test
    void aNewReportOfOneSubtaskIsAggregatedAgain() {
        VertexMetricsCache cache = new VertexMetricsCache();
        TaskMetrics a = withLatency(10, 100);
        TaskMetrics b = withLatency(20, 300);
        Map<String, Number> before = cache.aggregate("sink", List.of(a, b));

        // an equal but new message is a new report
        Map<String, Number> after = cache.aggregate("sink", List.of(a, withLatency(25, 300, 5000)));

        assertThat(after).isNotSameAs(before);
        assertThat(after.get("read-records")).isEqualTo(35L);
        assertThat(after.get("latency-count")).isEqualTo(3L);
        assertThat(after.get("latency-max-us").longValue()).isBetween(4990L, 5010L);
    }

    @Test
    void verticesAreCachedApart() {
        VertexMetricsCache cache = new VertexMetricsCache();
        TaskMetrics a = withLatency(1, 10);
        TaskMetrics b = withLatency(2, 20);

        assertThat(cache.aggregate("v1", List.of(a)).get("read-records")).isEqualTo(1L);
        assertThat(cache.aggregate("v2", List.of(b)).get("read-records")).isEqualTo(2L);
        assertThat(cache.aggregate("v1", List.of(a)).get("read-records")).isEqualTo(1L);
    }
}
