package io.spate.jobgraph;

import io.spate.record.Schema;
import io.spate.transform.TransformCatalog;
import io.spate.transform.TransformConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * One operator of a {@link JobVertex}'s chain: what the executor instantiates, by {@link #type()}
 * from the {@link TransformCatalog}.
 *
 * @param name the transform's name, unique in the job (also the key of its state in checkpoints)
 * @param inputSchema the records it reads; empty for a source
 * @param outputSchema the records it emits; empty for a sink
 * @param keyField for a keyed operator: the field its state is keyed by
 * @param timestampField the long field holding the event time of the records it reads, when a
 *     source's watermarks or an AssignWatermarks upstream set one
 */
public record OperatorSpec(
        String name,
        String type,
        TransformConfig config,
        Optional<Schema> inputSchema,
        Optional<Schema> outputSchema,
        Optional<String> keyField,
        Optional<String> timestampField) {

    public OperatorSpec(
            String name,
            String type,
            TransformConfig config,
            Optional<Schema> inputSchema,
            Optional<Schema> outputSchema,
            Optional<String> keyField) {
        this(name, type, config, inputSchema, outputSchema, keyField, Optional.empty());
    }

    public OperatorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(inputSchema, "inputSchema");
        Objects.requireNonNull(outputSchema, "outputSchema");
        Objects.requireNonNull(keyField, "keyField");
        Objects.requireNonNull(timestampField, "timestampField");
        keyField.ifPresent(
                k -> {
                    if (inputSchema.isEmpty() || inputSchema.get().indexOf(k) < 0) {
                        throw new IllegalArgumentException(
                                name + ": key field '" + k + "' not in its input");
                    }
                });
    }
}
