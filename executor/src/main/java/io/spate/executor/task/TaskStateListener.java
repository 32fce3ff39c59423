package io.spate.executor.task;

import io.spate.rpc.proto.TaskMetrics;
import io.spate.rpc.proto.TaskState;

/**
 * Hears a task's state changes (RUNNING, maybe INPUT_ENDED, then exactly one of FINISHED, FAILED,
 * CANCELED), on the task thread: implementations hand them over to their own thread and return at
 * once. INPUT_ENDED is not terminal: the task still holds its slot and waits for its final
 * checkpoint.
 */
@FunctionalInterface
public interface TaskStateListener {

    /**
     * @param failure the exception's stack trace when FAILED, else empty
     * @param metrics the task's metrics at the change (final ones with a terminal state)
     */
    void stateChanged(Task task, TaskState state, String failure, TaskMetrics metrics);
}
