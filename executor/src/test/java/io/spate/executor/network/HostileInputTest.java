package io.spate.executor.network;

import static io.spate.executor.network.DataPlaneTesting.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.spate.executor.network.gate.InputGate;
import io.spate.executor.network.gate.RecordReader;
import io.spate.executor.network.netty.NettyMessage;
import io.spate.executor.network.partition.ResultPartition;
import io.spate.executor.network.writer.Partitioner;
import io.spate.executor.network.writer.RecordWriter;
import io.spate.record.Row;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed frames against a live data server, while a real consumer keeps a connection to the same
 * server: each bad connection is closed alone, the good one keeps working, nothing leaks.
 */
class HostileInputTest {
    private NetworkEnvironment a;
    private NetworkEnvironment b;
    private RecordWriter writer;
    private CompletableFuture<Void> producer;
    private RecordReader reader;
    private InputGate gate;
    private final Row row = new Row(SCHEMA);
    private long read;

    @BeforeEach
    void start() throws Exception {
        a = started(smallConfig());
        b = started(smallConfig());
        ResultPartition partition = a.createResultPartition(pid("good"), 1);
        writer = a.createRecordWriter(partition, Partitioner.forward(), SCHEMA, Duration.ZERO);
        gate =
                b.createInputGate(
                        "good", List.of(InputChannelDescriptor.remote(pid("good"), 0, address(a))));
        reader = b.createRecordReader(gate, SCHEMA);
        assertGoodConnectionWorks(); // connection established before the attacks
    }

    @AfterEach
    void stop() throws Exception {
        assertGoodConnectionWorks();
        task("finish", writer::finish).get(10, TimeUnit.SECONDS);
        DataPlaneTesting.readAll(reader, row, r -> read++, e -> {});
        reader.close();
        gate.close();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> a.incomingConnections() <= 1);
        a.close();
        b.close();
        awaitNoBuffersInUse(a, b);
    }

    @Test
    void badMagicClosesTheConnection() throws Exception {
        ByteBuffer f =
                ByteBuffer.allocate(21)
                        .putInt(21)
                        .putInt(0xDEADBEEF)
                        .put((byte) 1)
                        .putLong(1)
                        .putInt(1);
        assertClosedByServer(f.array(), true);
    }

    @Test
    void unknownMessageIdClosesTheConnection() throws Exception {
        ByteBuffer f =
                ByteBuffer.allocate(21)
                        .putInt(21)
                        .putInt(NettyMessage.MAGIC_NUMBER)
                        .put((byte) 42)
                        .putLong(1)
                        .putInt(1);
        assertClosedByServer(f.array(), true);
    }

    @Test
    void overLongFrameClosesTheConnection() throws Exception {
        ByteBuffer f =
                ByteBuffer.allocate(9)
                        .putInt(64 << 20)
                        .putInt(NettyMessage.MAGIC_NUMBER)
                        .put((byte) 2);
        assertClosedByServer(f.array(), true);
        ByteBuffer negative =
                ByteBuffer.allocate(9).putInt(-5).putInt(NettyMessage.MAGIC_NUMBER).put((byte) 2);
        assertClosedByServer(negative.array(), true);
    }

    @Test
    void truncatedFrameAtCloseIsDropped() throws Exception {
        ByteBuffer f =
                ByteBuffer.allocate(15)
                        .putInt(100)
                        .putInt(NettyMessage.MAGIC_NUMBER)
                        .put((byte) 1)
                        .putInt(7);
        assertClosedByServer(f.array(), false);
    }

    @Test
    void creditForAnUnknownReceiverClosesTheConnection() throws Exception {
        ByteBuffer f =
                ByteBuffer.allocate(21)
                        .putInt(21)
                        .putInt(NettyMessage.MAGIC_NUMBER)
                        .put(NettyMessage.AddCredit.ID)
                        .putLong(777)
                        .putInt(1);
        byte[] answer = assertClosedByServer(f.array(), true);
        assertThat(new String(answer, java.nio.charset.StandardCharsets.UTF_8))
                .contains("unknown receiver 777");
    }

    @Test
    void requestForAMissingSubpartitionFailsOnlyThatReceiver() throws Exception {
        try (Socket s = new Socket("127.0.0.1", a.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(partitionRequestFrame("good", 3, 5));
            byte[] answer = readFrame(s.getInputStream());
            ByteBuffer r = ByteBuffer.wrap(answer);
            assertThat(r.getInt(4)).isEqualTo(NettyMessage.MAGIC_NUMBER);
            assertThat(r.get(8)).isEqualTo(NettyMessage.ErrorResponse.ID);
            assertThat(r.getLong(9)).isEqualTo(5);
            assertThat(new String(answer, java.nio.charset.StandardCharsets.UTF_8))
                    .contains("no subpartition 3");
        }
    }

    @Test
    void randomBytesNeverCrashTheServerNorLeak() throws Exception {
        for (int seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            ByteBuffer frame = ByteBuffer.wrap(new byte[9 + bytes.length]);
            switch (seed % 3) {
                case 0 -> frame.put(bytes); // pure noise (no valid header)
                case 1 ->
                        frame.putInt(9 + bytes.length)
                                .putInt(NettyMessage.MAGIC_NUMBER)
                                .put((byte) random.nextInt(8))
                                .put(bytes); // valid header, random body
                default ->
                        frame.putInt(random.nextInt(200))
                                .putInt(NettyMessage.MAGIC_NUMBER)
                                .put((byte) random.nextInt(8))
                                .put(bytes); // random length
            }
            try (Socket s = new Socket("127.0.0.1", a.port())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(frame.array(), 0, frame.position());
                s.shutdownOutput();
                readUntilClosed(s.getInputStream());
            }
            if (seed % 50 == 0) {
                assertGoodConnectionWorks();
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> a.incomingConnections() == 1);
        assertThat(a.partitionManager().numberOfPartitions()).isEqualTo(1);
    }

    /** Writes {@code bytes}, expects the server to close; returns what it sent back. */
    private byte[] assertClosedByServer(byte[] bytes, boolean serverCloses) throws Exception {
        try (Socket s = new Socket("127.0.0.1", a.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(bytes);
            if (!serverCloses) {
                s.shutdownOutput(); // the peer goes away mid-frame
            }
            byte[] answer = readUntilClosed(s.getInputStream());
            Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> a.incomingConnections() == 1);
            return answer;
        }
    }

    private static byte[] readFrame(InputStream in) throws Exception {
        byte[] header = in.readNBytes(4);
        int length = ByteBuffer.wrap(header).getInt();
        byte[] frame = new byte[length];
        System.arraycopy(header, 0, frame, 0, 4);
        in.readNBytes(frame, 4, length - 4);
        return frame;
    }

    private void assertGoodConnectionWorks() throws Exception {
        long target = read + 100;
        long first = read;
        task(
                        "produce",
                        () -> {
                            Row out = new Row(SCHEMA);
                            for (long i = first; i < target; i++) {
                                writer.emit(out.setLong(0, 0).setLong(1, i).setString(2, "k"));
                            }
                        })
                .get(10, TimeUnit.SECONDS);
        while (read < target) {
            switch (reader.next(row)) {
                case RECORD -> {
                    assertThat(row.getLong(1)).isEqualTo(read);
                    read++;
                }
                case NOTHING_AVAILABLE -> reader.availableFuture().get(10, TimeUnit.SECONDS);
                default -> throw new AssertionError("unexpected " + reader.event());
            }
        }
    }
}
