package io.spate.jobgraph;

import java.time.Duration;
import java.util.Objects;

/**
 * Fixed-delay restarts (Flink's fixed-delay strategy): up to {@code attempts}, {@code delay} apart.
 */
public record RestartStrategy(int attempts, Duration delay) {

    public RestartStrategy {
        Objects.requireNonNull(delay, "delay");
        if (attempts < 0 || delay.isNegative()) {
            throw new IllegalArgumentException("negative restart attempts or delay");
        }
    }
}
