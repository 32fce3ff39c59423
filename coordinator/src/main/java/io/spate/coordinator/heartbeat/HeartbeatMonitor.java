package io.spate.coordinator.heartbeat;

import io.spate.clock.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers when each target was last heard from and says which ones are overdue: a target not
 * heard for {@code timeout} (or longer) is overdue. Not thread-safe: its owner's thread only.
 */
public final class HeartbeatMonitor {

    private final Clock clock;
    private final long timeoutNanos;
    private final Map<String, Long> lastHeardNanos = new HashMap<>();

    public HeartbeatMonitor(Clock clock, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(
                    "heartbeat timeout must be positive, got " + timeout);
        }
        this.clock = clock;
        this.timeoutNanos = timeout.toNanos();
    }

    /** Starts watching {@code target} (or restarts its count) as if just heard from. */
    public void monitor(String target) {
        lastHeardNanos.put(target, clock.nanoTime());
    }

    /** Records a sign of life; ignored for targets not monitored (e.g. a late reply). */
    public void heard(String target) {
        lastHeardNanos.computeIfPresent(target, (t, old) -> clock.nanoTime());
    }

    public void unmonitor(String target) {
        lastHeardNanos.remove(target);
    }

    /** Targets not heard from for the timeout or longer, at the clock's current time. */
    public List<String> overdue() {
        long now = clock.nanoTime();
        List<String> overdue = new ArrayList<>();
        lastHeardNanos.forEach(
                (target, heard) -> {
                    if (now - heard >= timeoutNanos) {
                        overdue.add(target);
                    }
                });
        return overdue;
    }

    /** Time since {@code target} was last heard from; zero for unknown targets. */
    public Duration sinceLastHeard(String target) {
        Long heard = lastHeardNanos.get(target);
        return heard == null ? Duration.ZERO : Duration.ofNanos(clock.nanoTime() - heard);
    }
}
