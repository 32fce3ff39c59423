package io.spate.executor.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.spate.executor.network.event.RuntimeEvent;
import io.spate.executor.network.gate.InputGate;
import io.spate.executor.network.gate.RecordReader;
import io.spate.executor.network.netty.NettyMessage;
import io.spate.executor.network.partition.ResultPartitionId;
import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import io.spate.rpc.HostAndPort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.Awaitility;

/** Helpers for data-plane tests: environments, task threads, read loops, leak checks. */
final class DataPlaneTesting {
    static final Schema SCHEMA =
            Schema.of(
                    new Field("producer", FieldType.LONG),
                    new Field("seq", FieldType.LONG),
                    new Field("key", FieldType.STRING));

    private DataPlaneTesting() {}

    static NetworkConfig smallConfig() {
        // Small buffers and memory so tests exercise spanning, backpressure and credit.
        return NetworkConfig.defaults().withBufferSize(4096).withMemory(8L << 20);
    }

    static NetworkEnvironment started(NetworkConfig config) throws Exception {
        NetworkEnvironment env = new NetworkEnvironment(config);
        env.start();
        return env;
    }

    static HostAndPort address(NetworkEnvironment env) {
        return new HostAndPort("127.0.0.1", env.port());
    }

    static ResultPartitionId pid(String name) {
        return new ResultPartitionId(name);
    }

    /**
     * A gate in {@code consumer} over two channels: 0 remote, reading subpartition 0 of partition
     * "remote" in {@code producer}; 1 local, reading subpartition 0 of partition "local".
     */
    static InputGate remoteAndLocalGate(NetworkEnvironment producer, NetworkEnvironment consumer)
            throws Exception {
        return consumer.createInputGate(
                "consumer",
                List.of(
                        InputChannelDescriptor.remote(pid("remote"), 0, address(producer)),
                        InputChannelDescriptor.local(pid("local"), 0)));
    }

    /** Runs {@code body} on a new named thread, like a task. */
    static CompletableFuture<Void> task(String name, ThrowingRunnable body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t =
                new Thread(
                        () -> {
                            try {
                                body.run();
                                done.complete(null);
                            } catch (Throwable e) {
                                done.completeExceptionally(e);
                            }
                        },
                        "task-" + name);
        t.setDaemon(true);
        t.start();
        return done;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Reads until END_OF_INPUT, waiting on the availability future (bounded). */
    static void readAll(
            RecordReader reader, Row row, Consumer<Row> onRecord, Consumer<RuntimeEvent> onEvent)
            throws Exception {
        while (true) {
            switch (reader.next(row)) {
                case RECORD -> onRecord.accept(row);
                case EVENT -> onEvent.accept(reader.event());
                case NOTHING_AVAILABLE -> reader.availableFuture().get(30, TimeUnit.SECONDS);
                case END_OF_INPUT -> {
                    return;
                }
            }
        }
    }

    static void awaitNoBuffersInUse(NetworkEnvironment... envs) {
        for (NetworkEnvironment env : envs) {
            Awaitility.await("all network buffers of " + env.bufferPool() + " returned")
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(10))
                    .untilAsserted(
                            () -> {
                                assertThat(env.bufferPool().segmentsInUse()).isZero();
                                assertThat(env.bufferPool().reservedSegments()).isZero();
                            });
        }
    }

    /** A PartitionRequest frame (credit 2) as a consumer sends it, for raw-socket tests. */
    static byte[] partitionRequestFrame(String partition, int subpartition, long receiverId) {
        ByteBuf frame =
                new NettyMessage.PartitionRequest(pid(partition), subpartition, receiverId, 2)
                        .encode(UnpooledByteBufAllocator.DEFAULT);
        try {
            return ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
    }

    /**
     * Reads until the peer closes (EOF or reset); fails if it does not within the socket timeout.
     */
    static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                out.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the peer did not close the connection", e);
        } catch (SocketException reset) {
            // connection reset: closed as well
        }
        return out.toByteArray();
    }
}
