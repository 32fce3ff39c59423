package io.spate.jobgraph;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The transform types a job spec may name, by type name. Immutable. */
public final class TransformCatalog {

    /** Every built-in transform (src-docs/contracts.md §4). */
    public static final TransformCatalog BUILT_IN = new TransformCatalog(BuiltInTransforms.ALL);

    private final Map<String, TransformDescriptor> byType = new LinkedHashMap<>();

    public TransformCatalog(List<TransformDescriptor> descriptors) {
        for (TransformDescriptor d : descriptors) {
            if (byType.putIfAbsent(d.type(), d) != null) {
                throw new IllegalArgumentException("duplicate transform type " + d.type());
            }
        }
    }

    public Optional<TransformDescriptor> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** The type names, in catalog order (sources, operators, partitioners, sinks). */
    public List<String> typeNames() {
        return List.copyOf(byType.keySet());
    }

    public List<TransformDescriptor> descriptors() {
        return List.copyOf(byType.values());
    }

    /** The names of the types of one kind, for messages like "start with a source: Words, ...". */
    public List<String> typeNames(TransformKind kind) {
        return byType.values().stream().filter(d -> d.kind() == kind).map(d -> d.type()).toList();
    }
}
