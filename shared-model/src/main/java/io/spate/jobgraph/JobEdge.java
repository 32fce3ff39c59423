package io.spate.jobgraph;

import io.spate.record.Schema;
import java.util.Objects;
import java.util.Optional;

/**
 * One input of a {@link JobVertex}: the records of another vertex's last operator, partitioned over
 * this vertex's subtasks.
 *
 * @param sourceVertexId the producing vertex
 * @param keyField the field hashed; present exactly when {@code partitioning} is HASH
 * @param sideOutput the producer's side output this edge reads ({@code late} for a Window's late
 *     records); empty for its main output
 * @param schema the records on the edge
 * @param timestampField the long field holding the records' event time, if they have one (a
 *     two-input operator reads each side's from its edge)
 */
public record JobEdge(
        String sourceVertexId,
        Partitioning partitioning,
        Optional<String> keyField,
        Optional<String> sideOutput,
        Schema schema,
        Optional<String> timestampField) {

    public JobEdge(
            String sourceVertexId,
            Partitioning partitioning,
            Optional<String> keyField,
            Optional<String> sideOutput,
            Schema schema) {
        this(sourceVertexId, partitioning, keyField, sideOutput, schema, Optional.empty());
    }

    public JobEdge(
            String sourceVertexId,
            Partitioning partitioning,
            Optional<String> keyField,
            Schema schema) {
        this(sourceVertexId, partitioning, keyField, Optional.empty(), schema);
    }

    public JobEdge {
        Objects.requireNonNull(sourceVertexId, "sourceVertexId");
        Objects.requireNonNull(partitioning, "partitioning");
        Objects.requireNonNull(keyField, "keyField");
        Objects.requireNonNull(sideOutput, "sideOutput");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(timestampField, "timestampField");
        if (keyField.isPresent() != (partitioning == Partitioning.HASH)) {
            throw new IllegalArgumentException("a key field goes with HASH partitioning only");
        }
        keyField.ifPresent(
                k -> {
                    if (schema.indexOf(k) < 0) {
                        throw new IllegalArgumentException(
                                "key field '" + k + "' not in the edge's schema");
                    }
                });
    }
}
