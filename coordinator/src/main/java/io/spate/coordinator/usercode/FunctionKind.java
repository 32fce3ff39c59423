package io.spate.coordinator.usercode;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which API interface a user class implements, in the executor's order of preference (a class
 * implementing two is run as the first of them).
 */
public enum FunctionKind {
    KEYED_PROCESS("io/spate/api/KeyedProcessFunction"),
    FLAT_MAP("io/spate/api/FlatMapFunction"),
    MAP("io/spate/api/MapFunction"),
    FILTER("io/spate/api/FilterFunction");

    private final String internalName;

    FunctionKind(String internalName) {
        this.internalName = internalName;
    }

    /** The interface's simple name, as users read it. */
    public String interfaceName() {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }

    static final List<String> NAMES =
            List.of("MapFunction", "FilterFunction", "FlatMapFunction", "KeyedProcessFunction");

    /** The kind of a class whose supertypes (internal names) are {@code supertypes}. */
    static Optional<FunctionKind> of(Set<String> supertypes) {
        for (FunctionKind kind : values()) {
            if (supertypes.contains(kind.internalName)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
