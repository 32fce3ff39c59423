package io.spate.executor.network;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.spate.executor.network.buffer.NetworkBufferPool;
import io.spate.executor.network.gate.InputGate;
import io.spate.executor.network.gate.InputGateFactory;
import io.spate.executor.network.gate.RecordReader;
import io.spate.executor.network.netty.NettyConnectionManager;
import io.spate.executor.network.netty.NettyMessage;
import io.spate.executor.network.netty.NettyServer;
import io.spate.executor.network.partition.ResultPartition;
import io.spate.executor.network.partition.ResultPartitionId;
import io.spate.executor.network.partition.ResultPartitionManager;
import io.spate.executor.network.writer.OutputFlusher;
import io.spate.executor.network.writer.Partitioner;
import io.spate.executor.network.writer.RecordWriter;
import io.spate.executor.thread.SchedulerSlice;
import io.spate.record.RowSerializer;
import io.spate.record.Schema;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The data plane of one executor (Flink: NettyShuffleEnvironment): the buffer pool, the partition
 * registry, the Netty data server, the connections to other executors and the output flusher.
 * Framework-free, so several can run in one JVM.
 *
 * <p>A task uses it like this (on its own thread, never a Netty event loop):
 *
 * <pre>{@code
 * // producer subtask
 * ResultPartition out = env.createResultPartition(id, consumerParallelism);
 * RecordWriter writer = env.createRecordWriter(out, Partitioner.hash(keyField), schema, timeout);
 * writer.emit(row);            // blocks while the consumers are behind: backpressure
 * writer.broadcastEvent(new CheckpointBarrier(n, ts));
 * writer.finish();             // EndOfPartition; the partition frees itself once consumed
 *
 * // consumer subtask
 * InputGate gate = env.createInputGate("map-1", descriptors);
 * RecordReader reader = env.createRecordReader(gate, schema);   // see RecordReader javadoc
 * ...
 * gate.close();
 * }</pre>
 */
public final class NetworkEnvironment implements AutoCloseable {
    private final NetworkConfig config;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final NetworkBufferPool bufferPool;
    private final ResultPartitionManager partitionManager = new ResultPartitionManager();
    private final NettyServer server;
    private final NettyConnectionManager connections;
    private final InputGateFactory gateFactory;
    private final OutputFlusher outputFlusher;
    private int port = -1;
    private boolean closed;

    /** With its own event loop group ({@code spate-data-N} threads) of the configured transport. */
    public NetworkEnvironment(NetworkConfig config) {
        this(config, SchedulerSlice.OFF);
    }

    /**
     * With its own event loop group whose threads, like the output flusher's, ask for {@code
     * slice}.
     */
    public NetworkEnvironment(NetworkConfig config, SchedulerSlice slice) {
        this(
                config,
                config.transport()
                        .newGroup(
                                config.nettyThreads(),
                                slice.threadsOf(new DefaultThreadFactory("spate-data", true))),
                true,
                slice);
    }

    /** Sharing the caller's event loop group (e.g. Vert.x's), which the caller shuts down. */
    public NetworkEnvironment(NetworkConfig config, EventLoopGroup group) {
        this(config, group, false, SchedulerSlice.OFF);
    }

    private NetworkEnvironment(
            NetworkConfig config, EventLoopGroup group, boolean ownsGroup, SchedulerSlice slice) {
        this.config = config;
        this.outputFlusher = new OutputFlusher(slice);
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.bufferPool = new NetworkBufferPool(config.bufferSize(), config.memoryBytes());
        this.server =
                new NettyServer(
                        group,
                        partitionManager,
                        config.bufferSize(),
                        config.limits(),
                        config.security());
        this.connections =
                new NettyConnectionManager(
                        group,
                        NettyMessage.maxFrameLength(config.bufferSize()),
                        config.security(),
                        config.limits().handshakeTimeout());
        this.gateFactory =
                new InputGateFactory(
                        bufferPool,
                        partitionManager,
                        connections,
                        config.exclusiveBuffersPerChannel(),
                        config.floatingBuffersPerGate());
    }

    /** Starts the data server; returns its port. */
    public synchronized int start() throws IOException {
        if (port < 0) {
            port = server.bind(config.bindHost(), config.port());
        }
        return port;
    }

    public synchronized int port() {
        return port;
    }

    public NetworkConfig config() {
        return config;
    }

    public NetworkBufferPool bufferPool() {
        return bufferPool;
    }

    public ResultPartitionManager partitionManager() {
        return partitionManager;
    }

    /**
     * Creates and registers the output of a producer subtask with one subpartition per consumer
     * subtask. Its pool holds {@code subpartitions × exclusive + floating} buffers, as Flink sizes
     * it.
     */
    public ResultPartition createResultPartition(ResultPartitionId id, int numberOfSubpartitions)
            throws IOException {
        int buffers =
                numberOfSubpartitions * config.exclusiveBuffersPerChannel()
                        + config.floatingBuffersPerGate();
        return partitionManager.createPartition(id, numberOfSubpartitions, bufferPool, buffers);
    }

    /**
     * A writer for {@code partition}. {@code bufferTimeout}: zero flushes after every record, a
     * positive duration flushes at least that often, a negative one only sends full buffers.
     */
    public RecordWriter createRecordWriter(
            ResultPartition partition,
            Partitioner partitioner,
            Schema schema,
            Duration bufferTimeout) {
        long nanos = bufferTimeout.isNegative() ? -1 : bufferTimeout.toNanos();
        return new RecordWriter(
                partition, partitioner, new RowSerializer(schema), nanos, outputFlusher);
    }

    /** A gate reading {@code channels} in order of their index; requests are sent right away. */
    public InputGate createInputGate(String name, List<InputChannelDescriptor> channels)
            throws IOException {
        return gateFactory.create(
                name,
                channels.stream()
                        .map(
                                d ->
                                        new InputGateFactory.ChannelSpec(
                                                d.partitionId(),
                                                d.subpartitionIndex(),
                                                d.producer(),
                                                d.local()))
                        .toList());
    }

    public RecordReader createRecordReader(InputGate gate, Schema schema) {
        return new RecordReader(gate, new RowSerializer(schema));
    }

    /** Open outgoing data connections (tests, metrics). */
    public int outgoingConnections() {
        return connections.connectionCount();
    }

    /** Partition requests waiting for a partition not registered yet (tests, metrics). */
    public int pendingRequests() {
        return server.pendingRequests();
    }

    /** Open incoming data connections (tests, metrics). */
    public int incomingConnections() {
        return server.connectionCount();
    }

    /**
     * Closes connections and the server, releases every partition. Gates are closed by their tasks;
     * buffers they still hold return to the pool when they are.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        outputFlusher.close();
        connections.close();
        server.close();
        partitionManager.shutdown();
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }
}
