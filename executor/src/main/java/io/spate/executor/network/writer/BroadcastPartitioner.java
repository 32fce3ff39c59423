package io.spate.executor.network.writer;

import io.spate.record.Row;

/** Every record to every subpartition. */
final class BroadcastPartitioner implements Partitioner {
    static final BroadcastPartitioner INSTANCE = new BroadcastPartitioner();

    @Override
    public int selectChannel(Row row, int numberOfChannels) {
        throw new UnsupportedOperationException("broadcast selects every channel");
    }

    @Override
    public boolean isBroadcast() {
        return true;
    }

    @Override
    public String toString() {
        return "broadcast";
    }
}
