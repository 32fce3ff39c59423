package io.spate.coordinator.executiongraph;

import io.spate.rpc.proto.TaskState;

/** One execution attempt's state, as the coordinator sees it (Flink's ExecutionState). */
public enum ExecutionState {
    CREATED,
    DEPLOYING,
    RUNNING,
    /** Its input ended; it waits for the job's final checkpoint to complete, then finishes. */
    INPUT_ENDED,
    /** A cancel was sent; the executor has not confirmed it yet. */
    CANCELING,
    FINISHED,
    CANCELED,
    FAILED;

    public boolean isTerminal() {
        return this == FINISHED || this == CANCELED || this == FAILED;
    }

    /** The state an executor reported, or null for one the coordinator does not track. */
    public static ExecutionState of(TaskState reported) {
        return switch (reported) {
            case DEPLOYING -> DEPLOYING;
            case RUNNING -> RUNNING;
            case INPUT_ENDED -> INPUT_ENDED;
            case FINISHED -> FINISHED;
            case CANCELED -> CANCELED;
            case FAILED -> FAILED;
            case TASK_STATE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }
}
