package io.spate.jobgraph;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One vertex of a {@link JobGraph}: a chain of operators fused into one task per subtask (Flink's
 * operator chaining). Records flow from {@code inputs} into the first operator, through the chain
 * in order, and out of the last one to the vertices that read this one.
 *
 * @param id 32 hex digits, derived from the job name and the vertex's place (Flink's JobVertexID)
 * @param name the operator names joined with " -> ", as Flink shows chains
 */
public record JobVertex(
        String id, String name, int parallelism, List<OperatorSpec> chain, List<JobEdge> inputs) {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    public JobVertex {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        chain = List.copyOf(chain);
        inputs = List.copyOf(inputs);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("vertex id must be 32 lower-case hex digits: " + id);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException(name + ": parallelism must be at least 1");
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(name + ": empty operator chain");
        }
        if (chain.getFirst().inputSchema().isEmpty() != inputs.isEmpty()) {
            throw new IllegalArgumentException(
                    name + ": a vertex has inputs exactly when it is no source");
        }
        for (int i = 1; i < chain.size(); i++) {
            if (chain.get(i - 1).outputSchema().isEmpty()
                    || !chain.get(i - 1).outputSchema().equals(chain.get(i).inputSchema())) {
                throw new IllegalArgumentException(
                        name
                                + ": operator "
                                + chain.get(i).name()
                                + " does not read what the one before emits");
            }
        }
        if (chain.getFirst().type().equals(io.spate.transform.TransformCatalog.JOIN)) {
            // two inputs of their own schemas (the head's inputSchema is the first one's)
            if (inputs.size() != 2) {
                throw new IllegalArgumentException(name + ": a Join reads exactly two inputs");
            }
        }
        for (JobEdge edge : inputs) {
            if (!chain.getFirst().type().equals(io.spate.transform.TransformCatalog.JOIN)
                    && !chain.getFirst().inputSchema().get().equals(edge.schema())) {
                throw new IllegalArgumentException(
                        name + ": an input's schema differs from the head's");
            }
        }
    }

    public OperatorSpec head() {
        return chain.getFirst();
    }

    public OperatorSpec tail() {
        return chain.getLast();
    }

    public boolean isSource() {
        return inputs.isEmpty();
    }
}
