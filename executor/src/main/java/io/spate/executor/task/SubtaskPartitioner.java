package io.spate.executor.task;

import io.spate.executor.network.writer.Partitioner;
import io.spate.record.Row;

/**
 * FORWARD as the gateway protocol lays it out: the producer's partition has one subpartition per
 * consumer subtask, and producer subtask i writes only subpartition i (read by consumer i).
 */
final class SubtaskPartitioner implements Partitioner {

    private final int subtask;

    SubtaskPartitioner(int subtask) {
        this.subtask = subtask;
    }

    @Override
    public int selectChannel(Row row, int numberOfChannels) {
        return subtask;
    }

    /** Events too: the other subpartitions have no reader and would hold their buffers forever. */
    @Override
    public int onlyChannel() {
        return subtask;
    }

    @Override
    public String toString() {
        return "forward(" + subtask + ")";
    }
}
