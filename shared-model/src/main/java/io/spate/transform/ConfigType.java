package io.spate.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.spate.config.Durations;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The type of one config value, and its mapping to and from JSON/YAML. Values in memory are {@link
 * Long}, {@link String}, {@link Boolean}, {@link Duration}, or a {@code Map<String, String>}.
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
     * A non-empty mapping of names the user chooses to strings (MapToFields' {@code fields: {euro:
     * "price * 0.908"}}, JavaFunction's {@code output: {field: type}}); in memory an ordered,
     * unmodifiable {@code Map<String, String>}.
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
                    Map<String, String> map = new LinkedHashMap<>();
                    for (Map.Entry<String, JsonNode> e : node.properties()) {
                        if (!e.getValue().isTextual() || e.getValue().textValue().isEmpty()) {
                            throw new IllegalArgumentException(
                                    e.getKey()
                                            + ": expected a non-empty string, got "
                                            + shortText(e.getValue()));
                        }
                        map.put(e.getKey(), e.getValue().textValue());
                    }
                    return Collections.unmodifiableMap(map);
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
                ObjectNode node = JsonNodeFactory.instance.objectNode();
                ((Map<?, ?>) value).forEach((k, v) -> node.put((String) k, (String) v));
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
            case LIST ->
                    value instanceof java.util.List<?> l
                            && l.stream().allMatch(TransformConfig.class::isInstance);
            case STRING_MAP -> isStringMap(value);
        };
    }

    static boolean isStringMap(Object value) {
        return value instanceof Map<?, ?> m
                && !m.isEmpty()
                && m.entrySet().stream()
                        .allMatch(
                                e ->
                                        e.getKey() instanceof String
                                                && e.getValue() instanceof String v
                                                && !v.isEmpty());
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
