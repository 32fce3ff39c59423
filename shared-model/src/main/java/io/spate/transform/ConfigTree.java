package io.spate.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Reads and writes a mapping of {@link ConfigKey}s (a transform's config, or a nested one such as
 * {@code watermarks: {field, maxOutOfOrderness}}) the one way the tree reader, the job-graph JSON
 * and checks of code-built configs share: unknown keys, required keys, defaults, and each value's
 * type and bounds, every problem reported with its path so a spec's errors come out all at once.
 */
public final class ConfigTree {

    private ConfigTree() {}

    /**
     * The config {@code node} holds for {@code keys}, defaults filled in; a wrong value is reported
     * at {@code path.<key>} and left out.
     *
     * @param owner who takes these keys, for "unknown key (X knows a, b)"
     * @param problems (path, message)
     */
    public static TransformConfig read(
            JsonNode node,
            List<ConfigKey> keys,
            String path,
            String owner,
            BiConsumer<String, String> problems) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (node != null && !node.isNull() && !node.isObject()) {
            problems.accept(path, "expected a mapping, got " + ConfigType.shortText(node));
            node = null;
        }
        boolean present = node != null && !node.isNull();
        if (present) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (keys.stream().noneMatch(k -> k.name().equals(e.getKey()))) {
                    problems.accept(
                            path + "." + e.getKey(),
                            keys.isEmpty()
                                    ? "unknown key: " + owner + " takes no config"
                                    : "unknown key ("
                                            + owner
                                            + " knows "
                                            + String.join(
                                                    ", ",
                                                    keys.stream().map(ConfigKey::name).toList())
                                            + ")");
                }
            }
        }
        for (ConfigKey key : keys) {
            JsonNode value = present ? node.get(key.name()) : null;
            if (value == null) {
                if (key.required()) {
                    problems.accept(path + "." + key.name(), "required");
                }
                key.defaultValue().ifPresent(v -> values.put(key.name(), v));
                continue;
            }
            Object read = readValue(key, value, path + "." + key.name(), problems);
            if (read != null) {
                values.put(key.name(), read);
            }
        }
        return new TransformConfig(values);
    }

    /** One key's value, or null when a problem was reported. */
    static Object readValue(
            ConfigKey key, JsonNode value, String path, BiConsumer<String, String> problems) {
        switch (key.type()) {
            case MAPPING -> {
                if (!value.isNull() && !value.isObject()) {
                    problems.accept(path, "expected a mapping, got " + ConfigType.shortText(value));
                    return null;
                }
                int[] count = {0};
                TransformConfig nested =
                        read(
                                value,
                                key.fields(),
                                path,
                                key.name(),
                                (p, m) -> {
                                    count[0]++;
                                    problems.accept(p, m);
                                });
                return count[0] == 0 ? nested : null;
            }
            case LIST -> {
                if (!value.isArray() || value.isEmpty()) {
                    problems.accept(
                            path,
                            "expected a non-empty list of mappings, got "
                                    + ConfigType.shortText(value));
                    return null;
                }
                List<TransformConfig> elements = new ArrayList<>();
                int[] count = {0};
                for (int i = 0; i < value.size(); i++) {
                    elements.add(
                            read(
                                    value.get(i),
                                    key.fields(),
                                    path + "[" + i + "]",
                                    key.name(),
                                    (p, m) -> {
                                        count[0]++;
                                        problems.accept(p, m);
                                    }));
                }
                return count[0] == 0 ? elements : null;
            }
            default -> {
                try {
                    return key.read(value);
                } catch (IllegalArgumentException e) {
                    problems.accept(path, e.getMessage());
                    return null;
                }
            }
        }
    }

    /** {@code config} as a JSON mapping; {@link #read} gives it back. */
    public static ObjectNode write(TransformConfig config, List<ConfigKey> keys) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Object> e : config.values().entrySet()) {
            ConfigKey key =
                    keys.stream()
                            .filter(k -> k.name().equals(e.getKey()))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "no config key " + e.getKey()));
            node.set(e.getKey(), key.write(e.getValue()));
        }
        return node;
    }

    /**
     * Checks a config built in code against {@code keys}: no unknown key, every key with a default
     * or required present, each value of its type and bounds.
     *
     * @throws IllegalArgumentException naming the first problem
     */
    static void check(TransformConfig config, List<ConfigKey> keys) {
        for (Map.Entry<String, Object> e : config.values().entrySet()) {
            ConfigKey key =
                    keys.stream()
                            .filter(k -> k.name().equals(e.getKey()))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "unknown key " + e.getKey()));
            try {
                key.check(e.getValue());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(e.getKey() + ": " + ex.getMessage(), ex);
            }
        }
        for (ConfigKey key : keys) {
            if (!config.has(key.name()) && (key.required() || key.defaultValue().isPresent())) {
                throw new IllegalArgumentException(key.name() + ": required");
            }
        }
    }
}
