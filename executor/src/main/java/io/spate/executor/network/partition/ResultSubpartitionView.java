package io.spate.executor.network.partition;

import java.io.IOException;

/**
 * The consumer's handle on one subpartition (Flink: ResultSubpartitionView). It may be created
 * before the producer registers its partition; it is bound when the partition appears, and then the
 * listener hears about data. Polled by one thread at a time (a Netty event loop for a remote
 * consumer, the consumer's task thread for a local one).
 */
public final class ResultSubpartitionView {
    private final ResultPartitionId partitionId;
    private final int subpartitionIndex;
    private final BufferAvailabilityListener listener;
    private final ResultPartitionManager manager;
    private volatile ResultSubpartition subpartition;
    private volatile IOException failure;
    private volatile boolean released;

    ResultSubpartitionView(
            ResultPartitionId partitionId,
            int subpartitionIndex,
            BufferAvailabilityListener listener,
            ResultPartitionManager manager) {
        this.partitionId = partitionId;
        this.subpartitionIndex = subpartitionIndex;
        this.listener = listener;
        this.manager = manager;
    }

    public ResultPartitionId partitionId() {
        return partitionId;
    }

    public int subpartitionIndex() {
        return subpartitionIndex;
    }

    /** The next buffer, or null if none is ready. */
    public BufferAndBacklog poll() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw f;
        }
        ResultSubpartition s = subpartition;
        return s == null || released ? null : s.poll();
    }

    public boolean isAvailable() {
        if (failure != null) {
            return true;
        }
        ResultSubpartition s = subpartition;
        return s != null && !released && s.isAvailable();
    }

    /** Whether the partition appeared (or the request already failed): no longer waiting. */
    public boolean isBound() {
        return subpartition != null || failure != null;
    }

    /** True once EndOfPartition has been polled. */
    public boolean isConsumed() {
        ResultSubpartition s = subpartition;
        return s != null && s.isConsumed();
    }

    void bind(ResultPartition partition) {
        if (subpartitionIndex < 0 || subpartitionIndex >= partition.numberOfSubpartitions()) {
            fail(
                    new IOException(
                            "partition "
                                    + partitionId
                                    + " has "
                                    + partition.numberOfSubpartitions()
                                    + " subpartitions, no subpartition "
                                    + subpartitionIndex));
            return;
        }
        ResultSubpartition s = partition.subpartition(subpartitionIndex);
        try {
            s.attachView(this);
        } catch (IllegalStateException e) {
            fail(new IOException(e.getMessage()));
            return;
        }
        subpartition = s;
        if (s.isAvailable()) {
            notifyDataAvailable();
        }
    }

    void fail(IOException cause) {
        failure = cause;
        notifyDataAvailable();
    }

    void notifyDataAvailable() {
        if (!released) {
            listener.notifyDataAvailable(this);
        }
    }

    /** Stops consuming; the partition keeps its data until the producer side releases it. */
    public void release() {
        released = true;
        manager.forgetPending(this);
        ResultSubpartition s = subpartition;
        if (s != null) {
            s.detachView(this);
        }
    }

    @Override
    public String toString() {
        return partitionId + "#" + subpartitionIndex;
    }
}
