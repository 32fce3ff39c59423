package io.spate.executor.network;

import static io.spate.executor.network.DataPlaneTesting.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.spate.executor.network.gate.InputGate;
import io.spate.executor.network.gate.RecordReader;
import io.spate.executor.network.partition.ResultPartition;
import io.spate.executor.network.writer.Partitioner;
import io.spate.executor.network.writer.RecordWriter;
import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordSizesTest {
    private NetworkEnvironment a;
    private NetworkEnvironment b;

    @BeforeEach
    void start() throws Exception {
        a = started(smallConfig()); // 4 KiB buffers
        b = started(smallConfig());
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        awaitNoBuffersInUse(a, b);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void recordsLargerThanABufferSpanBuffers(boolean remote) throws Exception {
        Schema schema =
                Schema.of(new Field("i", FieldType.LONG), new Field("blob", FieldType.STRING));
        Random random = new Random(7);
        List<String> blobs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int size =
                    i % 3 == 0 ? random.nextInt(40) : random.nextInt(200_000); // mix small and huge
            StringBuilder sb = new StringBuilder(size);
            for (int j = 0; j < size; j++) {
                sb.append((char) ('a' + (i + j) % 26));
            }
            blobs.add(i % 7 == 0 ? sb + "ü€" : sb.toString());
        }
        List<String> received = new ArrayList<>();
        transfer(
                schema,
                remote,
                (writer, row) -> {
                    for (int i = 0; i < blobs.size(); i++) {
                        emit(writer, row.setLong(0, i).setString(1, blobs.get(i)));
                    }
                },
                row -> {
                    assertThat(row.getLong(0)).isEqualTo(received.size());
                    received.add(row.getString(1));
                });
        assertThat(received).isEqualTo(blobs);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void emptyRecordsAndEmptyStrings(boolean remote) throws Exception {
        Schema empty = Schema.of();
        int[] count = {0};
        transfer(
                empty,
                remote,
                (writer, row) -> {
                    for (int i = 0; i < 10_000; i++) {
                        emit(writer, row);
                    }
                },
                row -> count[0]++);
        assertThat(count[0]).isEqualTo(10_000);

        Schema strings =
                Schema.of(new Field("a", FieldType.STRING), new Field("b", FieldType.STRING));
        int[] strCount = {0};
        transfer(
                strings,
                remote,
                (writer, row) -> {
                    for (int i = 0; i < 10_000; i++) {
                        emit(writer, row.setString(0, "").setString(1, i % 2 == 0 ? "" : "x"));
                    }
                },
                row -> {
                    assertThat(row.getString(0)).isEmpty();
                    assertThat(row.getString(1)).isEqualTo(strCount[0] % 2 == 0 ? "" : "x");
                    strCount[0]++;
                });
        assertThat(strCount[0]).isEqualTo(10_000);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void oneMillionTinyRecords(boolean remote) throws Exception {
        Schema schema = Schema.of(new Field("v", FieldType.LONG));
        int n = 1_000_000;
        long[] sum = {0, 0};
        transfer(
                schema,
                remote,
                (writer, row) -> {
                    for (int i = 0; i < n; i++) {
                        emit(writer, row.setLong(0, i));
                    }
                },
                row -> {
                    assertThat(row.getLong(0)).isEqualTo(sum[1]);
                    sum[0] += row.getLong(0);
                    sum[1]++;
                });
        assertThat(sum[1]).isEqualTo(n);
        assertThat(sum[0]).isEqualTo((long) n * (n - 1) / 2);
    }

    private static void emit(RecordWriter writer, Row row) {
        try {
            writer.emit(row);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private int partitions;

    private void transfer(
            Schema schema,
            boolean remote,
            BiConsumer<RecordWriter, Row> produce,
            Consumer<Row> consume)
            throws Exception {
        NetworkEnvironment producerEnv = remote ? a : b;
        String name = "p" + partitions++;
        ResultPartition partition = producerEnv.createResultPartition(pid(name), 1);
        RecordWriter writer =
                producerEnv.createRecordWriter(
                        partition, Partitioner.forward(), schema, Duration.ofMillis(2));
        InputGate gate =
                b.createInputGate(
                        "consumer",
                        List.of(
                                remote
                                        ? InputChannelDescriptor.remote(pid(name), 0, address(a))
                                        : InputChannelDescriptor.local(pid(name), 0)));
        CompletableFuture<Void> producer =
                task(
                        "producer",
                        () -> {
                            produce.accept(writer, new Row(schema));
                            writer.finish();
                            writer.close();
                        });
        RecordReader reader = b.createRecordReader(gate, schema);
        task("consumer", () -> readAll(reader, new Row(schema), consume, e -> {}))
                .get(60, TimeUnit.SECONDS);
        producer.get(10, TimeUnit.SECONDS);
        reader.close();
        gate.close();
    }
}
