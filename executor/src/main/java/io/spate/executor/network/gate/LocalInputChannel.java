package io.spate.executor.network.gate;

import io.spate.executor.network.partition.BufferAndBacklog;
import io.spate.executor.network.partition.ResultPartitionId;
import io.spate.executor.network.partition.ResultPartitionManager;
import io.spate.executor.network.partition.ResultSubpartitionView;
import java.io.IOException;

/**
 * A channel from a producer in the same executor: the consumer's task thread polls the producer's
 * subpartition directly and gets the producer's buffers (no copy, no socket). Bounded by the
 * producer's pool: the producer blocks when the consumer does not read.
 */
final class LocalInputChannel extends InputChannel {
    private final ResultPartitionManager partitionManager;
    private volatile ResultSubpartitionView view;
    private volatile boolean blocked;

    LocalInputChannel(
            InputGate gate,
            int channelIndex,
            ResultPartitionId partitionId,
            int subpartitionIndex,
            ResultPartitionManager partitionManager) {
        super(gate, channelIndex, partitionId, subpartitionIndex);
        this.partitionManager = partitionManager;
    }

    @Override
    void requestPartition() {
        ResultSubpartitionView v =
                partitionManager.createView(partitionId, subpartitionIndex, this::onDataAvailable);
        view = v;
        if (v.isAvailable()) { // it may have become available before the field was set
            gate.notifyChannelNonEmpty(this);
        }
    }

    private void onDataAvailable(ResultSubpartitionView v) {
        if (!blocked) {
            gate.notifyChannelNonEmpty(this);
        }
    }

    @Override
    BufferAndAvailability pollBuffer() throws IOException {
        ResultSubpartitionView v = view;
        if (v == null || blocked) {
            return null;
        }
        BufferAndBacklog next = v.poll();
        return next == null ? null : new BufferAndAvailability(next.buffer(), next.moreAvailable());
    }

    @Override
    void block() {
        blocked = true;
    }

    @Override
    void resume() {
        blocked = false;
        ResultSubpartitionView v = view;
        if (v != null && v.isAvailable()) {
            gate.notifyChannelNonEmpty(this);
        }
    }

    @Override
    void release() {
        ResultSubpartitionView v = view;
        if (v != null) {
            v.release();
        }
    }
}
