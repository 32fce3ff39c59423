package io.spate.executor.heartbeat;

import io.spate.clock.Clock;
import java.time.Duration;

/**
 * Remembers when the coordinator was last heard and says whether it has been silent for the
 * heartbeat timeout (Flink: the TaskExecutor's HeartbeatMonitor of its ResourceManager). Not
 * thread-safe: its owner's thread only.
 */
public final class CoordinatorLivenessMonitor {

    private final Clock clock;
    private final Duration timeout;
    private long lastHeardNanos;

    /** Starts as "heard now": a fresh registration is the first sign of life. */
    public CoordinatorLivenessMonitor(Clock clock, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("heartbeat timeout must be > 0, got " + timeout);
        }
        this.clock = clock;
        this.timeout = timeout;
        this.lastHeardNanos = clock.nanoTime();
    }

    public void heardNow() {
        lastHeardNanos = clock.nanoTime();
    }

    public Duration silentFor() {
        return Duration.ofNanos(clock.nanoTime() - lastHeardNanos);
    }

    /**
     * Whether the coordinator has been silent for the whole timeout (the timeout itself counts).
     */
    public boolean isLost() {
        return silentFor().compareTo(timeout) >= 0;
    }

    /** How long until it counts as lost if nothing is heard; zero when it already is. */
    public Duration untilLost() {
        Duration left = timeout.minus(silentFor());
        return left.isNegative() ? Duration.ZERO : left;
    }

    public Duration timeout() {
        return timeout;
    }
}
