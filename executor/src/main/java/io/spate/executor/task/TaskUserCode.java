package io.spate.executor.task;

import io.spate.executor.usercode.JobLibraries;
import java.time.Duration;

/**
 * What a task needs to run user code safely: the executor's job class loaders, and how long a
 * cancelled task may take to end before the executor gives up on it ({@code
 * spate.executor.task-cancellation-timeout}, Flink's {@code task.cancellation.timeout}; 0 = wait
 * forever).
 */
public record TaskUserCode(
        JobLibraries libraries, Duration cancellationTimeout, TaskCancellationWatchdog.Exit exit) {

    /** No user jars; a cancelled task is waited for as long as it takes. */
    public static final TaskUserCode NONE =
            new TaskUserCode(JobLibraries.NONE, Duration.ZERO, TaskCancellationWatchdog.Exit.HALT);

    /** The executor's: the process halts when a cancelled task does not end in time. */
    public static TaskUserCode of(JobLibraries libraries, Duration cancellationTimeout) {
        return new TaskUserCode(libraries, cancellationTimeout, TaskCancellationWatchdog.Exit.HALT);
    }
}
