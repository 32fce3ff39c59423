package io.spate.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.spate.config.Durations;
import java.time.Duration;

/**
 * The type of one config value, and its mapping to and from JSON/YAML. Values in memory are {@link
 * Long}, {@link String}, {@link Boolean} or {@link Duration}.
 */
public enum ConfigType {
    LONG("an integer"),
    STRING("a string"),
    BOOLEAN("true or false"),
    /** {@link Durations} syntax, or a bare number of milliseconds. */
    DURATION("a duration like 5ms or 1s"),
    /** A nested mapping of its own keys ({@link ConfigKey#fields}); in memory a TransformConfig. */
    MAPPING("a mapping"),
    /** A non-empty list of such mappings; in memory a {@code List<TransformConfig>}. */
    LIST("a list of mappings"),
    /**
     * A non-empty mapping of any names to strings (JavaFunction's {@code output: {field: type}});
     * in memory a TransformConfig of Strings, in the order written.
     */
    STRING_MAP("a mapping of names to strings");

    private final String expected;

    ConfigType(String expected) {
        this.expected = expected;
    }

    /** The JSON Schema / user-facing name: integer, string, boolean, duration. */
    public String specName() {
        return switch (this) {
            case LONG -> "integer";
            case MAPPING, STRING_MAP -> "object";
            case LIST -> "array";
            default -> name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /**
     * The value {@code node} holds.
     *
     * @throws IllegalArgumentException saying what was expected and what was found
     */
    public Object read(JsonNode node) {
        switch (this) {
            case LONG -> {
                if (node.isIntegralNumber() && node.canConvertToLong()) {
                    return node.longValue();
                }
            }
            case STRING -> {
                if (node.isTextual()) {
                    return node.textValue();
                }
            }
            case BOOLEAN -> {
                if (node.isBoolean()) {
                    return node.booleanValue();
                }
            }
            case DURATION -> {
                if (node.isTextual()) {
                    return Durations.parse(node.textValue());
                }
                if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
                    return Duration.ofMillis(node.longValue());
                }
            }
            case STRING_MAP -> {
                if (node.isObject() && !node.isEmpty()) {
                    java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
                    for (java.util.Map.Entry<String, JsonNode> e : node.properties()) {
                        if (!e.getValue().isTextual() || e.getValue().textValue().isEmpty()) {
                            throw new IllegalArgumentException(
                                    e.getKey()
                                            + ": expected a string, got "
                                            + shortText(e.getValue()));
                        }
                        values.put(e.getKey(), e.getValue().textValue());
                    }
                    return new TransformConfig(values);
                }
            }
            case MAPPING, LIST ->
                    throw new IllegalStateException(
                            "a " + this + " is read by its ConfigKey, which knows its fields");
        }
        throw new IllegalArgumentException("expected " + expected + ", got " + shortText(node));
    }

    /** {@code value} as JSON; {@link #read} gives it back. */
    public JsonNode write(Object value) {
        return switch (this) {
            case LONG -> LongNode.valueOf((Long) value);
            case STRING -> TextNode.valueOf((String) value);
            case BOOLEAN -> BooleanNode.valueOf((Boolean) value);
            case DURATION -> TextNode.valueOf(Durations.format((Duration) value));
            case STRING_MAP -> {
                var node =
                        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
                ((TransformConfig) value).values().forEach((k, v) -> node.put(k, (String) v));
                yield node;
            }
            case MAPPING, LIST ->
                    throw new IllegalStateException(
                            "a " + this + " is written by its ConfigKey, which knows its fields");
        };
    }

    /** Whether {@code value} is of this type's in-memory class. */
    public boolean accepts(Object value) {
        return switch (this) {
            case LONG -> value instanceof Long;
            case STRING -> value instanceof String;
            case BOOLEAN -> value instanceof Boolean;
            case DURATION -> value instanceof Duration d && !d.isNegative();
            case MAPPING -> value instanceof TransformConfig;
            case STRING_MAP ->
                    value instanceof TransformConfig c
                            && !c.values().isEmpty()
                            && c.values().values().stream().allMatch(String.class::isInstance);
            case LIST ->
                    value instanceof java.util.List<?> l
                            && l.stream().allMatch(TransformConfig.class::isInstance);
        };
    }

    /** A node as JSON text, cut short so a huge value cannot flood an error message. */
    public static String shortText(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "nothing";
        }
        String text = node.toString();
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
