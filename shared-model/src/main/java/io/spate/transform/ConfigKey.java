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
 * @param fields the keys of a {@link ConfigType#MAPPING} value, or of each mapping of a {@link
 *     ConfigType#LIST}; empty for the other types
 */
public record ConfigKey(
        String name,
        ConfigType type,
        boolean required,
        Optional<Object> defaultValue,
        long min,
        List<String> choices,
        List<ConfigKey> fields,
        String description) {

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        choices = List.copyOf(choices);
        fields = List.copyOf(fields);
        if (!fields.isEmpty() && type != ConfigType.MAPPING && type != ConfigType.LIST) {
            throw new IllegalArgumentException(name + ": only a mapping or a list has fields");
        }
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
                name,
                ConfigType.LONG,
                true,
                Optional.empty(),
                min,
                List.of(),
                List.of(),
                description);
    }

    /** A long key whose absence is meaningful (no default). */
    public static ConfigKey optionalLong(String name, long min, String description) {
        return new ConfigKey(
                name,
                ConfigType.LONG,
                false,
                Optional.empty(),
                min,
                List.of(),
                List.of(),
                description);
    }

    public static ConfigKey longKey(String name, long defaultValue, long min, String description) {
        return new ConfigKey(
                name,
                ConfigType.LONG,
                false,
                Optional.of(defaultValue),
                min,
                List.of(),
                List.of(),
                description);
    }

    public static ConfigKey requiredString(String name, String description) {
        return new ConfigKey(
                name,
                ConfigType.STRING,
                true,
                Optional.empty(),
                0,
                List.of(),
                List.of(),
                description);
    }

    public static ConfigKey string(String name, String defaultValue, String description) {
        return new ConfigKey(
                name,
                ConfigType.STRING,
                false,
                Optional.of(defaultValue),
                0,
                List.of(),
                List.of(),
                description);
    }

    public static ConfigKey choice(
            String name, String defaultValue, List<String> choices, String description) {
        return new ConfigKey(
                name,
                ConfigType.STRING,
                false,
                Optional.of(defaultValue),
                0,
                choices,
                List.of(),
                description);
    }

    public static ConfigKey bool(String name, boolean defaultValue, String description) {
        return new ConfigKey(
                name,
                ConfigType.BOOLEAN,
                false,
                Optional.of(defaultValue),
                0,
                List.of(),
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
                List.of(),
                description);
    }

    /**
     * An optional mapping of {@code fields} (absent = the feature is off); present, its own keys'
     * defaults are filled in.
     */
    public static ConfigKey mapping(String name, List<ConfigKey> fields, String description) {
        return new ConfigKey(
                name,
                ConfigType.MAPPING,
                false,
                Optional.empty(),
                0,
                List.of(),
                fields,
                description);
    }

    /** An optional non-empty list of mappings of {@code fields} (absent = none). */
    public static ConfigKey listOf(String name, List<ConfigKey> fields, String description) {
        return new ConfigKey(
                name, ConfigType.LIST, false, Optional.empty(), 0, List.of(), fields, description);
    }

    /** A required, non-empty mapping of names to strings. */
    public static ConfigKey requiredStringMap(String name, String description) {
        return new ConfigKey(
                name,
                ConfigType.STRING_MAP,
                true,
                Optional.empty(),
                0,
                List.of(),
                List.of(),
                description);
    }

    public static ConfigKey requiredDuration(String name, String description) {
        return new ConfigKey(
                name,
                ConfigType.DURATION,
                true,
                Optional.empty(),
                0,
                List.of(),
                List.of(),
                description);
    }

    /** An optional duration whose absence is meaningful (no default). */
    public static ConfigKey optionalDuration(String name, String description) {
        return new ConfigKey(
                name,
                ConfigType.DURATION,
                false,
                Optional.empty(),
                0,
                List.of(),
                List.of(),
                description);
    }

    /** An optional non-empty mapping of names to strings ({@link ConfigType#STRING_MAP}). */
    public static ConfigKey stringMap(String name, String description) {
        return new ConfigKey(
                name,
                ConfigType.STRING_MAP,
                false,
                Optional.empty(),
                0,
                List.of(),
                List.of(),
                description);
    }

    /** An optional string whose absence is meaningful (no default). */
    public static ConfigKey optionalString(String name, String description) {
        return new ConfigKey(
                name,
                ConfigType.STRING,
                false,
                Optional.empty(),
                0,
                List.of(),
                List.of(),
                description);
    }

    public java.util.Optional<ConfigKey> field(String fieldName) {
        return fields.stream().filter(k -> k.name().equals(fieldName)).findFirst();
    }

    public List<String> fieldNames() {
        return fields.stream().map(ConfigKey::name).toList();
    }

    /**
     * The value {@code node} holds for this key, checked against the type and bounds.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public Object read(JsonNode node) {
        if (type == ConfigType.MAPPING || type == ConfigType.LIST) {
            return ConfigTree.readValue(
                    this,
                    node,
                    name,
                    (path, message) -> {
                        throw new IllegalArgumentException(path + ": " + message);
                    });
        }
        Object value = type.read(node);
        check(value);
        return value;
    }

    /** {@code value} as JSON; {@link #read} gives it back. */
    public JsonNode write(Object value) {
        return switch (type) {
            case MAPPING -> ConfigTree.write((TransformConfig) value, fields);
            case LIST -> {
                var array =
                        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
                for (Object element : (List<?>) value) {
                    array.add(ConfigTree.write((TransformConfig) element, fields));
                }
                yield array;
            }
            default -> type.write(value);
        };
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
        if (value instanceof TransformConfig nested && type == ConfigType.MAPPING) {
            ConfigTree.check(nested, fields);
        }
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                throw new IllegalArgumentException("must not be empty");
            }
            for (Object element : list) {
                ConfigTree.check((TransformConfig) element, fields);
            }
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
