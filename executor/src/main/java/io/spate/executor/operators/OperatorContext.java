package io.spate.executor.operators;

import io.spate.clock.Clock;
import io.spate.jobgraph.OperatorSpec;

/**
 * What an operator knows about where it runs.
 *
 * @param attemptNumber 0 for the first execution of this subtask, +1 per restart
 * @param clock the time source for pacing (a manual clock in tests)
 */
public record OperatorContext(
        OperatorSpec spec,
        String jobId,
        String jobName,
        String vertexName,
        int subtaskIndex,
        int parallelism,
        int attemptNumber,
        Clock clock) {

    /** {@code job/vertex[subtask/parallelism]}: every log line of a task names these. */
    public String logName() {
        return jobName
                + " ("
                + jobId
                + ")/"
                + vertexName
                + "["
                + subtaskIndex
                + "/"
                + parallelism
                + "]";
    }
}
