package io.spate.coordinator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.spate.rpc.proto.TaskMetrics;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class VertexMetricsTest {

    private static ByteString compressed(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return ByteString.copyFrom(buffer.array(), 0, length);
    }

    private static Histogram values(long from, long to) {
        Histogram h = new Histogram(3);
        for (long v = from; v <= to; v++) {
            h.recordValue(v);
        }
        return h;
    }

    @Test
    void countersAreSummedOverSubtasks() {
        Map<String, Number> m =
                VertexMetrics.aggregate(
                        List.of(
                                TaskMetrics.newBuilder()
                                        .setRecordsIn(1)
                                        .setRecordsOut(2)
                                        .setBytesIn(3)
                                        .setBytesOut(4)
                                        .build(),
                                TaskMetrics.newBuilder()
                                        .setRecordsIn(10)
                                        .setRecordsOut(20)
                                        .setBytesIn(30)
                                        .setBytesOut(40)
                                        .build()));

        assertThat(m)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "read-records",
                                11L,
                                "write-records",
                                22L,
                                "read-bytes",
                                33L,
                                "write-bytes",
                                44L));
        assertThat(m).doesNotContainKey("latency-p99-us");
    }

    @Test
    void operatorCountersAreSummedAndPerTaskGaugesLeftOut() {
        Map<String, Number> m =
                VertexMetrics.aggregate(
                        List.of(
                                TaskMetrics.newBuilder()
                                        .putGauges("late-records", 3)
                                        .putGauges("discarded-records", 5)
                                        .putGauges("currentInputWatermark", 1000)
                                        .putGauges("checkpoint-size-bytes", 77)
                                        .build(),
                                TaskMetrics.newBuilder()
                                        .putGauges("late-records", 4)
                                        .putGauges("currentInputWatermark", 2000)
                                        .build()));
        assertThat(m).containsEntry("late-records", 7L).containsEntry("discarded-records", 5L);
        assertThat(m).doesNotContainKeys("currentInputWatermark", "checkpoint-size-bytes");
    }

    @Test
    void javaFunctionMetricsAreSummedOverSubtasks() {
        Map<String, Number> m =
                VertexMetrics.aggregate(
                        List.of(
                                TaskMetrics.newBuilder()
                                        .putGauges("enrich.enriched", 5)
                                        .putGauges("enrich.ratio", 0.25)
                                        .putGauges("currentInputWatermark", 7)
                                        .build(),
                                TaskMetrics.newBuilder().putGauges("enrich.enriched", 6).build()));
        assertThat(m).containsEntry("enrich.enriched", 11L).containsEntry("enrich.ratio", 0.25);
        assertThat(m).doesNotContainKey("currentInputWatermark");
    }

    @Test
    void latencyHistogramsOfSubtasksAreMergedBeforeTakingPercentiles() {
        // Subtask 0 saw 1..1000 µs, subtask 1 saw 100001..101000 µs: the merged median lies at the
        // seam, p99 deep in subtask 1's range; averaging the subtasks' own percentiles would not.
        Map<String, Number> m =
                VertexMetrics.aggregate(
                        List.of(
                                TaskMetrics.newBuilder()
                                        .setLatencyHistogram(compressed(values(1, 1000)))
                                        .build(),
                                TaskMetrics.newBuilder()
                                        .setLatencyHistogram(compressed(values(100_001, 101_000)))
                                        .build(),
                                TaskMetrics.getDefaultInstance()));

        assertThat(m.get("latency-count")).isEqualTo(2000L);
        assertThat(m.get("latency-p50-us").longValue()).isBetween(999L, 1000L);
        assertThat(m.get("latency-p99-us").longValue()).isBetween(100_950L, 101_050L);
        assertThat(m.get("latency-p999-us").longValue()).isBetween(100_990L, 101_100L);
        assertThat(m.get("latency-max-us").longValue()).isBetween(101_000L, 101_100L);
    }

    @Test
    void aCorruptHistogramIsSkippedNotFatal() {
        LatencyHistograms merged = new LatencyHistograms();
        merged.add(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        merged.add(compressed(values(5, 5)).toByteArray());

        assertThat(merged.corrupt()).isEqualTo(1);
        assertThat(merged.merged())
                .hasValueSatisfying(h -> assertThat(h.getTotalCount()).isEqualTo(1));
    }
}
