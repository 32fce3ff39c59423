package io.spate.executor.taskexecutor;

/** A SubmitTask for a slot that another job holds. */
public final class SlotTakenException extends IllegalStateException {

    public SlotTakenException(String attemptId, IllegalStateException problem) {
        super("task " + attemptId + ": " + problem.getMessage(), problem);
    }
}
