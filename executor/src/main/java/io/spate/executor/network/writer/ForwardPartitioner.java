package io.spate.executor.network.writer;

import io.spate.record.Row;

/** Everything to subpartition 0 (the partition of a forward edge has exactly one). */
final class ForwardPartitioner implements Partitioner {
    static final ForwardPartitioner INSTANCE = new ForwardPartitioner();

    @Override
    public int selectChannel(Row row, int numberOfChannels) {
        return 0;
    }

    @Override
    public String toString() {
        return "forward";
    }
}
