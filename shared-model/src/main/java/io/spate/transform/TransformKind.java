package io.spate.transform;

/** What a transform is to the job graph: where records come from, go through, or end. */
public enum TransformKind {
    /** Emits records and reads none: the head of a pipeline. */
    SOURCE,
    /** Reads records and emits records. */
    OPERATOR,
    /** Reads records and emits none: the end of a branch. */
    SINK,
    /**
     * Not an operator: decides the partitioning of the edge that follows it (Flink's
     * PartitionTransformation).
     */
    PARTITIONER
}
