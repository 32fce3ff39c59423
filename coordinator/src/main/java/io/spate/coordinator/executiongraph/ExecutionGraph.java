package io.spate.coordinator.executiongraph;

import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.JobVertex;
import io.spate.rpc.proto.ExecutorFencing;
import io.spate.rpc.proto.TaskStateUpdate;
import io.spate.rpc.proto.TaskStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The job graph expanded to subtasks (Flink: ExecutionGraph): every job vertex × its parallelism is
 * an {@link ExecutionVertex} with an execution attempt id, and what executors report about them.
 * Owned by its job master's thread.
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

    /** Every execution vertex whose current attempt has not ended. */
    public List<ExecutionVertex> alive() {
        List<ExecutionVertex> alive = new ArrayList<>();
        for (ExecutionVertex task : all()) {
            if (!task.state().isTerminal()) {
                alive.add(task);
            }
        }
        return alive;
    }

    /** The subtask whose <em>current</em> attempt has this id; null for an old or unknown one. */
    public ExecutionVertex currentAttempt(String attemptId) {
        return byAttempt.get(attemptId);
    }

    /** The current attempt ids. */
    public Set<String> attemptIds() {
        return Set.copyOf(byAttempt.keySet());
    }

    /**
     * Applies what an executor reported about an attempt, with its metrics (Flink:
     * ExecutionGraph#updateState). Answers false, changing nothing, for an update of an old or
     * unknown attempt, of a state the coordinator does not track, of a task that already ended
     * (terminal states are final: a late RUNNING must not revive a task), or not from the executor
     * registration the attempt was deployed to.
     */
    public boolean updateState(TaskStateUpdate update) {
        ExecutionVertex task = currentAttempt(update.getExecutionAttemptId());
        ExecutionState reported = ExecutionState.of(update.getState());
        if (reported == null
                || !isFromItsExecutor(update.getExecutionAttemptId(), update.getFencing())
                || task.state().isTerminal()) {
            return false;
        }
        if (update.hasMetrics()) {
            task.updateMetrics(update.getMetrics());
        }
        task.reported(reported);
        return true;
    }

    /**
     * Whether {@code attemptId} is a current attempt and {@code fencing} names the executor
     * registration of its slot: the only one whose messages about the attempt count.
     */
    public boolean isFromItsExecutor(String attemptId, ExecutorFencing fencing) {
        ExecutionVertex task = currentAttempt(attemptId);
        return task != null && task.isDeployedTo(fencing);
    }

    /** An executor was lost: the tasks alive there are FAILED; answers them. */
    public List<ExecutionVertex> failTasksOn(String executorId) {
        List<ExecutionVertex> gone = new ArrayList<>();
        for (ExecutionVertex task : alive()) {
            if (task.slot() != null && task.slot().executorId().equals(executorId)) {
                task.transitionTo(ExecutionState.FAILED);
                gone.add(task);
            }
        }
        return gone;
    }

    /** Live metrics from a heartbeat; only the current attempts of tasks still running count. */
    public void updateMetrics(List<TaskStatus> statuses) {
        for (TaskStatus status : statuses) {
            ExecutionVertex task = currentAttempt(status.getExecutionAttemptId());
            if (task != null && !task.state().isTerminal() && status.hasMetrics()) {
                task.updateMetrics(status.getMetrics());
            }
        }
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
