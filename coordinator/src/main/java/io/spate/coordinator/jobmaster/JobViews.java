package io.spate.coordinator.jobmaster;

import io.spate.coordinator.executiongraph.ExecutionGraph;
import io.spate.coordinator.executiongraph.ExecutionState;
import io.spate.coordinator.executiongraph.ExecutionVertex;
import io.spate.coordinator.metrics.VertexMetricsCache;
import io.spate.jobgraph.JobVertex;
import io.spate.rpc.proto.TaskMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * What the REST API shows of a running job: its vertices, each with the aggregated status and
 * metrics of its subtasks. Owned by the job master's thread (its metrics cache is not thread-safe).
 */
final class JobViews {

    private final ExecutionGraph executions;
    private final VertexMetricsCache vertexMetrics = new VertexMetricsCache();

    JobViews(ExecutionGraph executions) {
        this.executions = executions;
    }

    /** The job with each vertex's aggregated status and metrics. */
    JobDetails details(JobSummary summary) {
        List<VertexDetails> vertices = new ArrayList<>();
        for (JobVertex vertex : executions.jobGraph().vertices()) {
            List<ExecutionVertex> subtasks = executions.subtasks(vertex.id());
            List<TaskMetrics> metrics = subtasks.stream().map(ExecutionVertex::metrics).toList();
            vertices.add(
                    new VertexDetails(
                            vertex.id(),
                            vertex.name(),
                            vertex.parallelism(),
                            vertexStatus(subtasks),
                            vertexMetrics.aggregate(vertex.id(), metrics),
                            metrics.stream()
                                    .map(
                                            m ->
                                                    m.getGaugesMap()
                                                            .getOrDefault(
                                                                    "currentInputWatermark",
                                                                    (double) Long.MIN_VALUE)
                                                            .longValue())
                                    .toList()));
        }
        return new JobDetails(summary, vertices);
    }

    /** Flink's aggregation: a failure shows first, then activity, then how it ended. */
    private static ExecutionState vertexStatus(List<ExecutionVertex> subtasks) {
        int[] counts = new int[ExecutionState.values().length];
        subtasks.forEach(t -> counts[t.state().ordinal()]++);
        int n = subtasks.size();
        if (counts[ExecutionState.FAILED.ordinal()] > 0) {
            return ExecutionState.FAILED;
        }
        if (counts[ExecutionState.CANCELING.ordinal()] > 0) {
            return ExecutionState.CANCELING;
        }
        if (counts[ExecutionState.RUNNING.ordinal()] > 0
                || counts[ExecutionState.INPUT_ENDED.ordinal()] > 0) {
            return ExecutionState.RUNNING;
        }
        if (counts[ExecutionState.DEPLOYING.ordinal()] > 0) {
            return ExecutionState.DEPLOYING;
        }
        if (counts[ExecutionState.FINISHED.ordinal()] == n) {
            return ExecutionState.FINISHED;
        }
        if (counts[ExecutionState.CANCELED.ordinal()] > 0
                && counts[ExecutionState.CREATED.ordinal()] == 0) {
            return ExecutionState.CANCELED;
        }
        return ExecutionState.CREATED;
    }
}
