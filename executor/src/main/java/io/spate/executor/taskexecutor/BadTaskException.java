package io.spate.executor.taskexecutor;

/** A SubmitTask this executor cannot run as described: a bad descriptor or a slot it lacks. */
public final class BadTaskException extends IllegalArgumentException {

    public BadTaskException(String attemptId, IllegalArgumentException problem) {
        super("task " + attemptId + ": " + problem.getMessage(), problem);
    }
}
