package io.spate.coordinator.executiongraph;

import io.spate.coordinator.resourcemanager.AllocatedSlot;
import io.spate.jobgraph.JobVertex;
import io.spate.rpc.proto.ExecutorFencing;
import io.spate.rpc.proto.TaskMetrics;

/**
 * One subtask of a job vertex and its current execution attempt (Flink: ExecutionVertex +
 * Execution). Mutable; owned by its job master's thread.
 */
public final class ExecutionVertex {

    private final JobVertex jobVertex;
    private final int subtaskIndex;
    private String attemptId;
    private int attemptNumber;
    private ExecutionState state = ExecutionState.CREATED;
    private AllocatedSlot slot;
    private TaskMetrics metrics = TaskMetrics.getDefaultInstance();

    ExecutionVertex(JobVertex jobVertex, int subtaskIndex, String attemptId) {
        this.jobVertex = jobVertex;
        this.subtaskIndex = subtaskIndex;
        this.attemptId = attemptId;
    }

    public JobVertex jobVertex() {
        return jobVertex;
    }

    public int subtaskIndex() {
        return subtaskIndex;
    }

    public String attemptId() {
        return attemptId;
    }

    public int attemptNumber() {
        return attemptNumber;
    }

    public ExecutionState state() {
        return state;
    }

    /** The slot it is deployed to; null before deployment. */
    public AllocatedSlot slot() {
        return slot;
    }

    /** The latest metrics reported: live from heartbeats, final from the last state update. */
    public TaskMetrics metrics() {
        return metrics;
    }

    /**
     * Whether {@code fencing} names the executor registration of this attempt's slot: the only one
     * whose messages about this attempt count.
     */
    public boolean isDeployedTo(ExecutorFencing fencing) {
        return slot != null
                && slot.executorId().equals(fencing.getExecutorId())
                && slot.fencing().getRegistrationId().equals(fencing.getRegistrationId());
    }

    public void assign(AllocatedSlot slot) {
        this.slot = slot;
    }

    public void transitionTo(ExecutionState next) {
        this.state = next;
    }

    /**
     * Moves this attempt as its executor reported (Flink: Execution's state transitions): RUNNING
     * only from CREATED or DEPLOYING, INPUT_ENDED unless a cancel waits for its answer, a terminal
     * state at once; DEPLOYING changes nothing.
     */
    void reported(ExecutionState reported) {
        switch (reported) {
            case RUNNING -> {
                if (state == ExecutionState.CREATED || state == ExecutionState.DEPLOYING) {
                    state = ExecutionState.RUNNING;
                }
            }
            case INPUT_ENDED -> {
                if (state != ExecutionState.CANCELING) {
                    state = ExecutionState.INPUT_ENDED;
                }
            }
            case FINISHED, CANCELED, FAILED -> state = reported;
            default -> {}
        }
    }

    public void updateMetrics(TaskMetrics latest) {
        this.metrics = latest;
    }

    /**
     * Starts a new attempt of this subtask (the restart strategy's seam): fresh id, next number,
     * back to CREATED, no slot, no metrics.
     */
    void resetForNewAttempt(String newAttemptId) {
        this.attemptId = newAttemptId;
        this.attemptNumber++;
        this.state = ExecutionState.CREATED;
        this.slot = null;
        this.metrics = TaskMetrics.getDefaultInstance();
    }

    /** How users see the task: {@code "Words (1/2)"}, Flink's task name with subtask. */
    public String taskName() {
        return jobVertex.name() + " (" + (subtaskIndex + 1) + "/" + jobVertex.parallelism() + ")";
    }

    /**
     * Where it runs, {@code host:port} of its executor's control plane; empty before deployment.
     */
    public String location() {
        return slot == null ? "" : slot.grpcAddress().toString();
    }

    @Override
    public String toString() {
        return taskName() + " attempt " + attemptId;
    }
}
