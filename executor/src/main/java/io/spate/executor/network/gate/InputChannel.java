package io.spate.executor.network.gate;

import io.spate.executor.network.partition.ResultPartitionId;
import java.io.IOException;

/**
 * One producer subpartition as seen by a consumer's {@link InputGate} (Flink: InputChannel). Polled
 * by the gate's task thread; fed by another thread, which tells the gate when the channel turns
 * non-empty.
 */
public abstract sealed class InputChannel permits LocalInputChannel, RemoteInputChannel {
    protected final InputGate gate;
    protected final int channelIndex;
    protected final ResultPartitionId partitionId;
    protected final int subpartitionIndex;

    /** Guarded by the gate's queue monitor. */
    boolean queuedInGate;

    protected InputChannel(
            InputGate gate,
            int channelIndex,
            ResultPartitionId partitionId,
            int subpartitionIndex) {
        this.gate = gate;
        this.channelIndex = channelIndex;
        this.partitionId = partitionId;
        this.subpartitionIndex = subpartitionIndex;
    }

    public int channelIndex() {
        return channelIndex;
    }

    public ResultPartitionId partitionId() {
        return partitionId;
    }

    public int subpartitionIndex() {
        return subpartitionIndex;
    }

    abstract void requestPartition() throws IOException;

    /** The next buffer, or null; throws if the channel failed. */
    abstract BufferAndAvailability pollBuffer() throws IOException;

    /** Stops delivery (and credit, for remote channels) until {@link #resume}. */
    abstract void block();

    abstract void resume();

    abstract void release();

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + partitionId + "#" + subpartitionIndex + "}";
    }
}
