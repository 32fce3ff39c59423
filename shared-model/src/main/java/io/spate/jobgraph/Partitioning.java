package io.spate.jobgraph;

/** How a producer subtask picks the consumer subtask (subpartition) of each record on an edge. */
public enum Partitioning {
    /** Subtask i sends to subtask i; needs equal parallelism. Makes operators chainable. */
    FORWARD,
    /** By the hash of the edge's key field, so equal keys meet in one consumer subtask. */
    HASH,
    /** Round-robin over all consumer subtasks. */
    REBALANCE,
    /** Every record to every consumer subtask. */
    BROADCAST
}
