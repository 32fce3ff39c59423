package io.spate.coordinator.jobmaster;

import java.time.Duration;
import java.util.Optional;

/**
 * Whether a failed job restarts, and after what delay (the seam for the job's restart strategy;
 * restarting needs checkpoints to restore, which come later). Today's only policy never
 * restarts.
 */
@FunctionalInterface
public interface RestartPolicy {

  /** The delay before restart number {@code failures}, or empty: the job fails for good. */
  Optional<Duration> restartDelay(int failures);

  RestartPolicy NEVER = failures -> Optional.empty();
}
