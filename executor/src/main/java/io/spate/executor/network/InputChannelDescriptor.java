package io.spate.executor.network;

import io.spate.executor.network.partition.ResultPartitionId;
import io.spate.rpc.HostAndPort;
import java.util.Objects;

/**
 * Where one input channel reads from: subpartition {@code subpartitionIndex} of partition {@code
 * partitionId}, produced by the executor whose data server is {@code producer}. {@code local}
 * channels (producer in this executor) read in memory; the producer address is then unused.
 */
public record InputChannelDescriptor(
        ResultPartitionId partitionId, int subpartitionIndex, HostAndPort producer, boolean local) {
    public InputChannelDescriptor {
        Objects.requireNonNull(partitionId, "partitionId");
        if (subpartitionIndex < 0) {
            throw new IllegalArgumentException("negative subpartition index " + subpartitionIndex);
        }
        if (!local) {
            Objects.requireNonNull(producer, "producer address of a remote channel");
        }
    }

    public static InputChannelDescriptor local(
            ResultPartitionId partitionId, int subpartitionIndex) {
        return new InputChannelDescriptor(partitionId, subpartitionIndex, null, true);
    }

    public static InputChannelDescriptor remote(
            ResultPartitionId partitionId, int subpartitionIndex, HostAndPort producer) {
        return new InputChannelDescriptor(partitionId, subpartitionIndex, producer, false);
    }
}
