package io.spate.transform;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One config key of a transform: its type, whether it is required, its default, and the bounds a
 * value must keep.
 *
 * @param defaultValue the value when the key is absent; empty for a required key or an optional key
 *     whose absence means something (Words' {@code count}: unbounded)
 * @param min the least value of a {@link ConfigType#LONG} key
 * @param choices the allowed values of a {@link ConfigType#STRING} key; empty = any non-empty one
 */
public record ConfigKey(
        String name,
        ConfigType type,
        boolean required,
        Optional<Object> defaultValue,
        long min,
        List<String> choices,
        String description) {

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        choices = List.copyOf(choices);
        if (required && defaultValue.isPresent()) {
            throw new IllegalArgumentException(name + ": a required key has no default");
        }
        defaultValue.ifPresent(
                v -> {
                    if (!type.accepts(v)) {
                        throw new IllegalArgumentException(
                                name + ": default " + v + " is not " + type);
                    }
                });
    }

    public static ConfigKey requiredLong(String name, long min, String description) {
        return new ConfigKey(
                name, ConfigType.LONG, true, Optional.empty(), min, List.of(), description);
    }

    /** A long key whose absence is meaningful (no default). */
    public static ConfigKey optionalLong(String name, long min, String description) {
        return new ConfigKey(
                name, ConfigType.LONG, false, Optional.empty(), min, List.of(), description);
    }

    public static ConfigKey longKey(String name, long defaultValue, long min, String description) {
        return new ConfigKey(
                name,
                ConfigType.LONG,
                false,
                Optional.of(defaultValue),
                min,
                List.of(),
                description);
    }

    public static ConfigKey requiredString(String name, String description) {
        return new ConfigKey(
                name, ConfigType.STRING, true, Optional.empty(), 0, List.of(), description);
    }

    public static ConfigKey string(String name, String defaultValue, String description) {
        return new ConfigKey(
                name,
                ConfigType.STRING,
                false,
                Optional.of(defaultValue),
                0,
                List.of(),
                description);
    }

    public static ConfigKey choice(
            String name, String defaultValue, List<String> choices, String description) {
        return new ConfigKey(
                name, ConfigType.STRING, false, Optional.of(defaultValue), 0, choices, description);
    }

    public static ConfigKey bool(String name, boolean defaultValue, String description) {
        return new ConfigKey(
                name,
                ConfigType.BOOLEAN,
                false,
                Optional.of(defaultValue),
                0,
                List.of(),
                description);
    }

    public static ConfigKey duration(String name, Duration defaultValue, String description) {
        return new ConfigKey(
                name,
                ConfigType.DURATION,
                false,
                Optional.of(defaultValue),
                0,
                List.of(),
                description);
    }

    /**
     * The value {@code node} holds for this key, checked against the type and bounds.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public Object read(JsonNode node) {
        Object value = type.read(node);
        check(value);
        return value;
    }

    /**
     * Checks a typed value against this key's type and bounds.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public void check(Object value) {
        if (!type.accepts(value)) {
            throw new IllegalArgumentException(
                    "expected " + type.specName() + ", got " + value.getClass().getSimpleName());
        }
        if (value instanceof Long l && l < min) {
            throw new IllegalArgumentException(
                    (min == 0 ? "must not be negative" : "must be at least " + min) + ", got " + l);
        }
        if (value instanceof String s) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("must not be empty");
            }
            if (!choices.isEmpty() && !choices.contains(s)) {
                throw new IllegalArgumentException(
                        "must be one of " + String.join(", ", choices) + ", got \"" + s + "\"");
            }
        }
    }
}
