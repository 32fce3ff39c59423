package io.spate.coordinator.checkpoint;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a job's checkpoints are taken, retried and cleaned up.
 *
 * @param interval empty = only the final checkpoint (job spec checkpoints.interval)
 * @param timeout a checkpoint not complete after this fails (spate.checkpoints.timeout)
 * @param retained completed checkpoints kept (spate.checkpoints.retained)
 * @param tolerableFailed consecutive failed checkpoints the job survives; one more fails it over
 *     (job spec checkpoints.tolerableFailedCheckpoints)
 * @param maxBackoff the longest wait before retrying after failures (spate.checkpoints.max-backoff)
 * @param cleanup what happens to the job's checkpoints when it ends (spate.checkpoints.cleanup)
 */
public record CheckpointPolicy(
        Optional<Duration> interval,
        Duration timeout,
        int retained,
        int tolerableFailed,
        Duration maxBackoff,
        CheckpointCleanup cleanup) {

    /** The backoff base of a job without an interval (only its final checkpoint is retried). */
    static final Duration FINAL_ONLY_BASE = Duration.ofSeconds(1);

    public CheckpointPolicy {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(cleanup, "cleanup");
        if (retained < 1) {
            throw new IllegalArgumentException("retained checkpoints must be >= 1");
        }
        if (tolerableFailed < 0) {
            throw new IllegalArgumentException("tolerable failed checkpoints must be >= 0");
        }
        if (maxBackoff.isNegative() || maxBackoff.isZero()) {
            throw new IllegalArgumentException("max backoff must be positive");
        }
    }

    /**
     * The wait before the next attempt after {@code failures} consecutive failures: base × 2^k (the
     * base is the interval), at most {@code maxBackoff} but never less than the interval.
     */
    public Duration backoff(int failures) {
        Duration base = interval.orElse(FINAL_ONLY_BASE);
        Duration cap = maxBackoff.compareTo(base) > 0 ? maxBackoff : base;
        int shift = Math.min(failures, 30); // 2^30 × any base already exceeds any sane cap
        long nanos = base.toNanos();
        long grown = nanos > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : nanos << shift;
        return grown >= cap.toNanos() ? cap : Duration.ofNanos(grown);
    }
}
