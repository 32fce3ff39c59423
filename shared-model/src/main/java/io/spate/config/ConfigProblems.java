package io.spate.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects everything wrong with a configuration before failing, so a user fixes all keys in one go
 * (like the job spec's errors). Framework-free: the apps feed it their typed config values.
 */
public final class ConfigProblems {

    private final List<String> problems = new ArrayList<>();

    /** Records that {@code key}, set to {@code value}, is unusable because {@code problem}. */
    public ConfigProblems add(String key, Object value, String problem) {
        problems.add(key + " (" + value + ") " + problem);
        return this;
    }

    public ConfigProblems requirePositive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            add(key, Durations.format(value), "must be greater than 0");
        }
        return this;
    }

    /** {@code larger} must be strictly greater than {@code smaller}. */
    public ConfigProblems requireGreater(
            String largerKey, Duration larger, String smallerKey, Duration smaller) {
        if (larger.compareTo(smaller) <= 0) {
            add(
                    largerKey,
                    Durations.format(larger),
                    "must be greater than " + smallerKey + " (" + Durations.format(smaller) + ")");
        }
        return this;
    }

    public ConfigProblems requireNonBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            add(key, value == null ? "" : value, "must not be empty");
        }
        return this;
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<String> list() {
        return List.copyOf(problems);
    }

    /** Throws a {@link BadConfigurationException} naming every problem, if there is any. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new BadConfigurationException(problems);
        }
    }
}
