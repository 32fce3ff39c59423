package io.spate.transform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The transform types a job spec may name, by type name. Immutable. The built-in type names are
 * constants here, so code that acts per type (the executor's operator factory, the compiler's edge
 * partitioning) switches on them rather than on string literals.
 */
public final class TransformCatalog {

    public static final String WORDS = "Words";
    public static final String SEQUENCE = "Sequence";
    public static final String READ_FROM_TEXT = "ReadFromText";
    public static final String NEXMARK = "Nexmark";
    public static final String TOKENIZE = "Tokenize";
    public static final String RUNNING_COUNT = "RunningCount";
    public static final String ASSIGN_WATERMARKS = "AssignWatermarks";
    public static final String WINDOW = "Window";
    public static final String FILTER = "Filter";
    public static final String MAP_TO_FIELDS = "MapToFields";
    public static final String KEY_BY = "KeyBy";
    public static final String REBALANCE = "Rebalance";
    public static final String BROADCAST = "Broadcast";
    public static final String WRITE_TO_FILES = "WriteToFiles";
    public static final String DISCARD = "Discard";
    public static final String LOG = "Log";
    public static final String LATENCY_HISTOGRAM = "LatencyHistogram";
    public static final String JAVA_FUNCTION = "JavaFunction";
    public static final String JOIN = "Join";

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
