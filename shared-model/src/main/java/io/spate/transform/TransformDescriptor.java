package io.spate.transform;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One built-in transform type as data: its kind, config keys, and schema rule. The executor finds
 * its operator by {@link #type()} (no reflection, no class loading).
 *
 * @param keyed whether it keeps per-key state and so must read a KeyBy
 */
public record TransformDescriptor(
        String type,
        TransformKind kind,
        List<ConfigKey> configKeys,
        boolean keyed,
        SchemaRule schemaRule,
        String summary) {

    public TransformDescriptor {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(schemaRule, "schemaRule");
        configKeys = List.copyOf(configKeys);
        Set<String> names = new HashSet<>();
        for (ConfigKey key : configKeys) {
            if (!names.add(key.name())) {
                throw new IllegalArgumentException(type + ": duplicate config key " + key.name());
            }
        }
    }

    public Optional<ConfigKey> configKey(String name) {
        return configKeys.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    public List<String> configKeyNames() {
        return configKeys.stream().map(ConfigKey::name).toList();
    }

    public boolean isSource() {
        return kind == TransformKind.SOURCE;
    }

    public boolean isSink() {
        return kind == TransformKind.SINK;
    }

    public boolean isPartitioner() {
        return kind == TransformKind.PARTITIONER;
    }
}
