package io.spate.transform;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The typed config values of one transform, defaults filled in: {@link Long}, {@link String},
 * {@link Boolean} or {@link Duration} by key. Immutable. The getters throw on a missing key or a
 * wrong type: a validated spec never has either, so that is a programming error.
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
                            || v instanceof Duration)) {
                        throw new IllegalArgumentException(
                                k + ": unsupported value type " + v.getClass());
                    }
                    copy.put(k, v);
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
