package io.spate.coordinator.jobmaster;

import io.spate.jobgraph.RestartStrategy;
import java.time.Duration;
import java.util.Optional;

/** Whether a failed job restarts, and after what delay (the job's restart strategy). */
@FunctionalInterface
public interface RestartPolicy {

    /** The delay before restart number {@code failures}, or empty: the job fails for good. */
    Optional<Duration> restartDelay(int failures);

    RestartPolicy NEVER = failures -> Optional.empty();

    /** Flink's fixed-delay strategy: up to {@code attempts} restarts, {@code delay} apart. */
    static RestartPolicy fixedDelay(RestartStrategy strategy) {
        return failures ->
                failures <= strategy.attempts() ? Optional.of(strategy.delay()) : Optional.empty();
    }
}
