package io.spate.executor.network.writer;

import io.spate.record.Row;

/** Picks the subpartition (consumer subtask) of each record (Flink: ChannelSelector). */
public interface Partitioner {

    /** The subpartition in {@code [0, numberOfChannels)} for {@code row}. */
    int selectChannel(Row row, int numberOfChannels);

    /** True if every record goes to every subpartition ({@link #selectChannel} is then unused). */
    default boolean isBroadcast() {
        return false;
    }

    /**
     * The one subpartition this partitioner ever writes, or -1: in-band events (barriers,
     * watermarks) then go there only, since no consumer reads the others.
     */
    default int onlyChannel() {
        return -1;
    }

    /** Producer subtask i feeds consumer subtask i only: its partition has one subpartition. */
    static Partitioner forward() {
        return ForwardPartitioner.INSTANCE;
    }

    /**
     * By the key group of field {@code keyField}: equal keys meet in one consumer, the one owning
     * their key group.
     */
    static Partitioner hash(int keyField, int maxParallelism) {
        return new HashPartitioner(keyField, maxParallelism);
    }

    /** By key group with the default 128 key groups. */
    static Partitioner hash(int keyField) {
        return hash(keyField, io.spate.jobgraph.JobGraph.DEFAULT_MAX_PARALLELISM);
    }

    /** Round-robin over subpartitions. */
    static Partitioner rebalance() {
        return new RebalancePartitioner();
    }

    static Partitioner broadcast() {
        return BroadcastPartitioner.INSTANCE;
    }
}
