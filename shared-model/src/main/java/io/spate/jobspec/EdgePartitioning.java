package io.spate.jobspec;

import io.spate.jobgraph.Partitioning;
import io.spate.transform.TransformCatalog;
import io.spate.transform.TransformDescriptor;
import java.util.Optional;

/**
 * The partitioning of the edges after a partitioner transform: where the catalogue's partitioners
 * (KeyBy, Rebalance, Broadcast) become the job graph's {@link Partitioning}. Kept here rather than
 * in the catalogue so the catalogue does not depend on the job graph, which is built from it.
 */
final class EdgePartitioning {

    private EdgePartitioning() {}

    /** The partitioning after {@code transform}; empty when it is not a partitioner. */
    static Optional<Partitioning> after(TransformDescriptor transform) {
        if (!transform.isPartitioner()) {
            return Optional.empty();
        }
        return Optional.of(
                switch (transform.type()) {
                    case TransformCatalog.KEY_BY -> Partitioning.HASH;
                    case TransformCatalog.REBALANCE -> Partitioning.REBALANCE;
                    case TransformCatalog.BROADCAST -> Partitioning.BROADCAST;
                    default ->
                            throw new IllegalArgumentException(
                                    "partitioner "
                                            + transform.type()
                                            + " has no edge partitioning");
                });
    }

    /** Whether {@code transform} hash-partitions, and so keys what reads it (a KeyBy). */
    static boolean keys(TransformDescriptor transform) {
        return after(transform).equals(Optional.of(Partitioning.HASH));
    }
}
