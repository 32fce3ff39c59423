package io.spate.coordinator.jobmaster;

import io.spate.coordinator.executiongraph.ExecutionState;
import java.util.Map;

/** A job vertex as {@code GET /jobs/{jobid}} shows it; {@code status} aggregates its subtasks. */
public record VertexDetails(
        String id,
        String name,
        int parallelism,
        ExecutionState status,
        Map<String, Number> metrics) {

    public VertexDetails {
        metrics = Map.copyOf(metrics);
    }
}
