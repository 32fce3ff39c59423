package io.spate.executor.registration;

import java.time.Duration;

/**
 * The pause before the next registration attempt: {@code initial}, doubling per failed attempt up
 * to {@code max}, back to {@code initial} after a success (Flink: RetryingRegistration's
 * exponential backoff). Not thread-safe: its owner's thread only.
 */
public final class RegistrationBackoff {

    public static final Duration DEFAULT_INITIAL = Duration.ofMillis(50);

    /**
     * A quarter of a second, not Flink's 30 s: an executor started beside its coordinator registers
     * within 0.25 s of the coordinator being ready (W3: 0.5 s cost 0.2 s on average), and an
     * attempt against a coordinator that is down is one refused connection — 4 a second per
     * executor.
     */
    public static final Duration DEFAULT_MAX = Duration.ofMillis(250);

    private final Duration initial;
    private final Duration max;
    private Duration next;

    public RegistrationBackoff() {
        this(DEFAULT_INITIAL, DEFAULT_MAX);
    }

    public RegistrationBackoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "backoff needs 0 < initial <= max, got initial " + initial + ", max " + max);
        }
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    /** The pause before the next attempt; each call doubles the following one, up to the cap. */
    public Duration next() {
        Duration current = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return current;
    }

    public void reset() {
        next = initial;
    }
}
