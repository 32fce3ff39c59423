package io.spate.executor.taskexecutor;

/** A SubmitTask for an execution attempt that already runs here. */
public final class DuplicateAttemptException extends RuntimeException {

    public DuplicateAttemptException(String attemptId) {
        super("task " + attemptId + " is already deployed here", null, false, false);
    }
}
