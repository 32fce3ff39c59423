package io.spate.coordinator.jobmaster;

import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.JobVertex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The job graph expanded to subtasks (Flink: ExecutionGraph): every job vertex × its parallelism is
 * an {@link ExecutionVertex} with an execution attempt id. Owned by its job master's thread.
 */
public final class ExecutionGraph {

    private final JobGraph jobGraph;
    private final Map<String, List<ExecutionVertex>> byVertex = new LinkedHashMap<>();
    private final Map<String, ExecutionVertex> byAttempt = new HashMap<>();
    private final Supplier<String> attemptIds;

    public ExecutionGraph(JobGraph jobGraph, Supplier<String> attemptIds) {
        this.jobGraph = jobGraph;
        this.attemptIds = attemptIds;
        for (JobVertex vertex : jobGraph.vertices()) {
            List<ExecutionVertex> subtasks = new ArrayList<>(vertex.parallelism());
            for (int i = 0; i < vertex.parallelism(); i++) {
                ExecutionVertex ev = new ExecutionVertex(vertex, i, attemptIds.get());
                subtasks.add(ev);
                byAttempt.put(ev.attemptId(), ev);
            }
            byVertex.put(vertex.id(), Collections.unmodifiableList(subtasks));
        }
    }

    public JobGraph jobGraph() {
        return jobGraph;
    }

    /** The subtasks of a vertex, by subtask index. */
    public List<ExecutionVertex> subtasks(String vertexId) {
        List<ExecutionVertex> subtasks = byVertex.get(vertexId);
        if (subtasks == null) {
            throw new IllegalArgumentException(
                    "no vertex " + vertexId + " in job " + jobGraph.name());
        }
        return subtasks;
    }

    /** Every execution vertex, vertex by vertex in topological order. */
    public List<ExecutionVertex> all() {
        List<ExecutionVertex> all = new ArrayList<>(byAttempt.size());
        byVertex.values().forEach(all::addAll);
        return all;
    }

    /** The subtask whose <em>current</em> attempt has this id; null for an old or unknown one. */
    public ExecutionVertex currentAttempt(String attemptId) {
        return byAttempt.get(attemptId);
    }

    /** Gives every subtask a new attempt (for a restart); old attempt ids become stale. */
    public void newAttempts() {
        byAttempt.clear();
        for (List<ExecutionVertex> subtasks : byVertex.values()) {
            for (ExecutionVertex ev : subtasks) {
                ev.resetForNewAttempt(attemptIds.get());
                byAttempt.put(ev.attemptId(), ev);
            }
        }
    }

    public int size() {
        return byAttempt.size();
    }
}
