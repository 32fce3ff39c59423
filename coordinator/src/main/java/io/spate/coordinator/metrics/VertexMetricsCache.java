package io.spate.coordinator.metrics;

import io.spate.rpc.proto.TaskMetrics;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@link VertexMetrics#aggregate} of each vertex, reused until one of its subtasks reports
 * new metrics. A GET of a job used to inflate and merge every subtask's latency histogram each
 * time. At 4 GETs a second that took the coordinator's CPU from the executors on a 2-core machine:
 * W2-t0 p99 was 0.99 ms with the polling and 0.67 ms when polled every 3 s. Subtasks report about
 * once a second. Only the owner's thread (the job master's event loop) uses it.
 */
public final class VertexMetricsCache {

    private record Entry(List<TaskMetrics> inputs, Map<String, Number> metrics) {}

    private final Map<String, Entry> byVertex = new HashMap<>();

    /** The aggregate of {@code subtasks} (their latest metrics, in subtask order); unmodifiable. */
    public Map<String, Number> aggregate(String vertexId, List<TaskMetrics> subtasks) {
        Entry last = byVertex.get(vertexId);
        if (last != null && sameInstances(last.inputs(), subtasks)) {
            return last.metrics();
        }
        Map<String, Number> metrics =
                Collections.unmodifiableMap(VertexMetrics.aggregate(subtasks));
        byVertex.put(vertexId, new Entry(List.copyOf(subtasks), metrics));
        return metrics;
    }

    /** Metrics messages are immutable and replaced on each report: identity means unchanged. */
    private static boolean sameInstances(List<TaskMetrics> a, List<TaskMetrics> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }
}
