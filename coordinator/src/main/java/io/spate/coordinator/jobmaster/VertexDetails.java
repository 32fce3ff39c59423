package io.spate.coordinator.jobmaster;

import io.spate.coordinator.executiongraph.ExecutionState;
import java.util.Map;

/**
 * A job vertex as {@code GET /jobs/{jobid}} shows it; {@code status} aggregates its subtasks.
 *
 * @param watermarks each subtask's current input watermark (epoch ms; Long.MIN_VALUE before its
 *     first), in subtask order
 */
public record VertexDetails(
        String id,
        String name,
        int parallelism,
        ExecutionState status,
        Map<String, Number> metrics,
        java.util.List<Long> watermarks) {

    public VertexDetails {
        metrics = Map.copyOf(metrics);
        watermarks = java.util.List.copyOf(watermarks);
    }

    /** The vertex's watermark: the least of its subtasks' (Long.MIN_VALUE if any has none). */
    public long watermark() {
        return watermarks.stream().mapToLong(Long::longValue).min().orElse(Long.MIN_VALUE);
    }
}
