package io.spate.coordinator.metrics;

import io.spate.rpc.proto.TaskMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A vertex's metrics for the REST API, summed over its subtasks' latest {@link TaskMetrics}
 * (Flink's names: read-records, write-records, read-bytes, write-bytes), plus latency percentiles
 * of the merged histograms when its subtasks record latency.
 */
public final class VertexMetrics {

    private VertexMetrics() {}

    public static Map<String, Number> aggregate(List<TaskMetrics> subtasks) {
        long readRecords = 0;
        long writeRecords = 0;
        long readBytes = 0;
        long writeBytes = 0;
        LatencyHistograms latency = new LatencyHistograms();
        for (TaskMetrics m : subtasks) {
            readRecords += m.getRecordsIn();
            writeRecords += m.getRecordsOut();
            readBytes += m.getBytesIn();
            writeBytes += m.getBytesOut();
            latency.add(m.getLatencyHistogram().toByteArray());
        }
        Map<String, Number> metrics = new LinkedHashMap<>();
        metrics.put("read-records", readRecords);
        metrics.put("write-records", writeRecords);
        metrics.put("read-bytes", readBytes);
        metrics.put("write-bytes", writeBytes);
        latency.merged().ifPresent(h -> putLatency(metrics, h));
        putUserMetrics(metrics, subtasks);
        return metrics;
    }

    /**
     * Java functions' counters and gauges ({@code <transform>.<name>}: the only gauges with a dot),
     * summed over subtasks; whole values as longs.
     */
    private static void putUserMetrics(Map<String, Number> metrics, List<TaskMetrics> subtasks) {
        Map<String, Double> user = new java.util.TreeMap<>();
        for (TaskMetrics m : subtasks) {
            m.getGaugesMap()
                    .forEach(
                            (name, value) -> {
                                if (name.indexOf('.') > 0) {
                                    user.merge(name, value, Double::sum);
                                }
                            });
        }
        user.forEach(
                (name, value) ->
                        metrics.put(
                                name,
                                value == Math.rint(value) && Math.abs(value) < 0x1p53
                                        ? (Number) value.longValue()
                                        : value));
    }

    private static void putLatency(Map<String, Number> metrics, Histogram h) {
        metrics.put("latency-p50-us", h.getValueAtPercentile(50));
        metrics.put("latency-p99-us", h.getValueAtPercentile(99));
        metrics.put("latency-p999-us", h.getValueAtPercentile(99.9));
        metrics.put("latency-max-us", h.getMaxValue());
        metrics.put("latency-count", h.getTotalCount());
    }
}
