package io.spate.jobspec;

import java.time.Duration;
import java.util.Objects;

/** How often and how soon a failed job restarts from its last checkpoint. */
public record RestartSpec(int attempts, Duration delay) {

    public static final RestartSpec DEFAULT = new RestartSpec(3, Duration.ofSeconds(1));

    public RestartSpec {
        Objects.requireNonNull(delay, "delay");
    }
}
