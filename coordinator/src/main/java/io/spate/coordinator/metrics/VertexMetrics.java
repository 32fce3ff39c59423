package io.spate.coordinator.metrics;

import io.spate.rpc.proto.TaskMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A vertex's metrics for the REST API, summed over its subtasks' latest {@link TaskMetrics}
 * (Flink's names: read-records, write-records, read-bytes, write-bytes), the operators' counters
 * summed, plus latency percentiles of the merged histograms when its subtasks record latency.
 */
public final class VertexMetrics {

    private VertexMetrics() {}

    public static Map<String, Number> aggregate(List<TaskMetrics> subtasks) {
        long readRecords = 0;
        long writeRecords = 0;
        long readBytes = 0;
        long writeBytes = 0;
        LatencyHistograms latency = new LatencyHistograms();
        Map<String, Double> gauges = new java.util.TreeMap<>();
        for (TaskMetrics m : subtasks) {
            readRecords += m.getRecordsIn();
            writeRecords += m.getRecordsOut();
            readBytes += m.getBytesIn();
            writeBytes += m.getBytesOut();
            latency.add(m.getLatencyHistogram().toByteArray());
            m.getGaugesMap()
                    .forEach(
                            (name, value) -> {
                                if (summed(name)) {
                                    gauges.merge(name, value, Double::sum);
                                }
                            });
        }
        Map<String, Number> metrics = new LinkedHashMap<>();
        metrics.put("read-records", readRecords);
        metrics.put("write-records", writeRecords);
        metrics.put("read-bytes", readBytes);
        metrics.put("write-bytes", writeBytes);
        gauges.forEach(
                (name, value) ->
                        metrics.put(
                                name,
                                value == Math.rint(value) && Math.abs(value) < 0x1p53
                                        ? (Number) value.longValue()
                                        : value));
        latency.merged().ifPresent(h -> putLatency(metrics, h));
        return metrics;
    }

    /**
     * The operators' own counters (late-records, dropped-records, dead-letters, discarded-records,
     * a Java function's {@code <transform>.<name>}, ...) sum over subtasks; the watermark is per
     * subtask (its own REST path), latency comes from the merged histograms, checkpoint figures are
     * per task.
     */
    private static boolean summed(String gauge) {
        return !gauge.equals("currentInputWatermark")
                && !gauge.startsWith("latency-")
                && !gauge.startsWith("checkpoint-"); // per task, in the checkpoint statistics
    }

    private static void putLatency(Map<String, Number> metrics, Histogram h) {
        metrics.put("latency-p50-us", h.getValueAtPercentile(50));
        metrics.put("latency-p99-us", h.getValueAtPercentile(99));
        metrics.put("latency-p999-us", h.getValueAtPercentile(99.9));
        metrics.put("latency-max-us", h.getMaxValue());
        metrics.put("latency-count", h.getTotalCount());
    }
}
