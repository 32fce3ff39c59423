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

    /** Producer subtask i feeds consumer subtask i only: its partition has one subpartition. */
    static Partitioner forward() {
        return ForwardPartitioner.INSTANCE;
    }

    /** By the hash of field {@code keyField}: equal keys meet in one consumer. */
    static Partitioner hash(int keyField) {
        return new HashPartitioner(keyField);
    }

    /** Round-robin over subpartitions. */
    static Partitioner rebalance() {
        return new RebalancePartitioner();
    }

    static Partitioner broadcast() {
        return BroadcastPartitioner.INSTANCE;
    }
}
