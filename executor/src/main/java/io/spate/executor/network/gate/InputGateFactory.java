package io.spate.executor.network.gate;

import io.spate.executor.network.buffer.InsufficientBuffersException;
import io.spate.executor.network.buffer.LocalBufferPool;
import io.spate.executor.network.buffer.NetworkBufferPool;
import io.spate.executor.network.partition.ResultPartitionId;
import io.spate.executor.network.partition.ResultPartitionManager;
import io.spate.rpc.HostAndPort;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Builds input gates: reserves their buffers, creates local or remote channels, requests data. */
public final class InputGateFactory {
    /** Where one channel reads from. */
    public record ChannelSpec(
            ResultPartitionId partitionId,
            int subpartitionIndex,
            HostAndPort producer,
            boolean local) {}

    private final NetworkBufferPool globalPool;
    private final ResultPartitionManager partitionManager;
    private final ConnectionManager connections;
    private final int exclusivePerChannel;
    private final int floatingPerGate;
    private final AtomicLong receiverIds = new AtomicLong();

    public InputGateFactory(
            NetworkBufferPool globalPool,
            ResultPartitionManager partitionManager,
            ConnectionManager connections,
            int exclusivePerChannel,
            int floatingPerGate) {
        this.globalPool = globalPool;
        this.partitionManager = partitionManager;
        this.connections = connections;
        this.exclusivePerChannel = exclusivePerChannel;
        this.floatingPerGate = floatingPerGate;
    }

    /** A gate whose channels have already sent their partition requests. */
    public InputGate create(String name, List<ChannelSpec> specs) throws IOException {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("input gate " + name + " has no channels");
        }
        int remote = (int) specs.stream().filter(s -> !s.local()).count();
        LocalBufferPool exclusive =
                new LocalBufferPool(
                        globalPool,
                        remote * exclusivePerChannel,
                        "exclusive buffers of gate " + name);
        LocalBufferPool floating;
        try {
            floating =
                    new LocalBufferPool(
                            globalPool,
                            remote > 0 ? floatingPerGate : 0,
                            "floating buffers of gate " + name);
        } catch (InsufficientBuffersException e) {
            exclusive.destroy();
            throw e;
        }
        InputGate gate = new InputGate(name, exclusive, floating);
        List<InputChannel> channels = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            ChannelSpec s = specs.get(i);
            channels.add(
                    s.local()
                            ? new LocalInputChannel(
                                    gate,
                                    i,
                                    s.partitionId(),
                                    s.subpartitionIndex(),
                                    partitionManager)
                            : new RemoteInputChannel(
                                    gate,
                                    i,
                                    s.partitionId(),
                                    s.subpartitionIndex(),
                                    receiverIds.incrementAndGet(),
                                    s.producer(),
                                    connections,
                                    exclusive,
                                    floating,
                                    exclusivePerChannel));
        }
        gate.setChannels(channels);
        try {
            gate.requestPartitions();
        } catch (IOException | RuntimeException e) {
            gate.close();
            throw e;
        }
        return gate;
    }
}
