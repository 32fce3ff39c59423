package io.spate.transform;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The typed config values of one transform, defaults filled in: {@link Long}, {@link String},
 * {@link Boolean}, {@link Duration}, a nested TransformConfig or a list of them, by key. Immutable.
 * The getters throw on a missing key or a wrong type: a validated spec never has either, so that is
 * a programming error.
 */
public record TransformConfig(Map<String, Object> values) {

    public static final TransformConfig EMPTY = new TransformConfig(Map.of());

    public TransformConfig {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach(
                (k, v) -> {
                    Objects.requireNonNull(k, "key");
                    Objects.requireNonNull(v, () -> "value of " + k);
                    if (!(v instanceof Long
                            || v instanceof String
                            || v instanceof Boolean
                            || v instanceof Duration
                            || v instanceof TransformConfig
                            || ConfigType.isStringMap(v)
                            || v instanceof List<?> l
                                    && l.stream().allMatch(TransformConfig.class::isInstance))) {
                        throw new IllegalArgumentException(
                                k + ": unsupported value type " + v.getClass());
                    }
                    copy.put(
                            k,
                            v instanceof List<?> l
                                    ? List.copyOf(l)
                                    : v instanceof Map<?, ?> m
                                            ? Collections.unmodifiableMap(new LinkedHashMap<>(m))
                                            : v);
                });
        values = Collections.unmodifiableMap(copy);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public long getLong(String key) {
        return get(key, Long.class);
    }

    public String getString(String key) {
        return get(key, String.class);
    }

    public boolean getBoolean(String key) {
        return get(key, Boolean.class);
    }

    public Duration getDuration(String key) {
        return get(key, Duration.class);
    }

    /** A nested mapping ({@link ConfigType#MAPPING}). */
    public TransformConfig getConfig(String key) {
        return get(key, TransformConfig.class);
    }

    /** A nested mapping if the key is there (an optional mapping: absent = off). */
    public java.util.Optional<TransformConfig> findConfig(String key) {
        return has(key) ? java.util.Optional.of(getConfig(key)) : java.util.Optional.empty();
    }

    /** A mapping of names to strings ({@link ConfigType#STRING_MAP}), in the order written. */
    @SuppressWarnings("unchecked")
    public Map<String, String> getStringMap(String key) {
        return (Map<String, String>) get(key, Map.class);
    }

    /** A list of mappings ({@link ConfigType#LIST}); empty when absent. */
    @SuppressWarnings("unchecked")
    public List<TransformConfig> getList(String key) {
        return has(key) ? (List<TransformConfig>) get(key, List.class) : List.of();
    }

    private <T> T get(String key, Class<T> type) {
        Object value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("config has no '" + key + "': " + values.keySet());
        }
        if (!type.isInstance(value)) {
            throw new IllegalStateException(
                    "config '"
                            + key
                            + "' is a "
                            + value.getClass().getSimpleName()
                            + ", not a "
                            + type.getSimpleName());
        }
        return type.cast(value);
    }
}
