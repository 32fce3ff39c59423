package io.spate.executor.network.writer;

import io.spate.record.Row;

/** Round-robin. One instance per writer (it has state). */
final class RebalancePartitioner implements Partitioner {
    private int next = -1;

    @Override
    public int selectChannel(Row row, int numberOfChannels) {
        int n = next + 1;
        if (n >= numberOfChannels) {
            n = 0;
        }
        next = n;
        return n;
    }

    @Override
    public String toString() {
        return "rebalance";
    }
}
