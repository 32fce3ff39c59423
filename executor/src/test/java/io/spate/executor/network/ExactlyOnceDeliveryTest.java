package io.spate.executor.network;

import static io.spate.executor.network.DataPlaneTesting.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.spate.executor.network.event.EndOfPartition;
import io.spate.executor.network.gate.InputGate;
import io.spate.executor.network.gate.RecordReader;
import io.spate.executor.network.partition.ResultPartition;
import io.spate.executor.network.writer.Partitioner;
import io.spate.executor.network.writer.RecordWriter;
import io.spate.record.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * P producers × C consumers over two environments: producers 0..P/2-1 live in A (remote channels
 * over loopback TCP), the rest in B beside the consumers (local channels).
 */
class ExactlyOnceDeliveryTest {
    private static final int PRODUCERS = 3;
    private static final int CONSUMERS = 2;
    private static final int RECORDS_PER_PRODUCER = 30_000;

    private NetworkEnvironment a;
    private NetworkEnvironment b;

    @BeforeEach
    void start() throws Exception {
        a = started(smallConfig());
        b = started(smallConfig());
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"forward", "hash", "rebalance", "broadcast"})
    void everyRecordArrivesExactlyOnceInOrderPerChannel(String partitioning) throws Exception {
        boolean forward = partitioning.equals("forward");
        int producers = forward ? CONSUMERS : PRODUCERS;
        int subpartitions = forward ? 1 : CONSUMERS;
        Supplier<Partitioner> partitioner =
                switch (partitioning) {
                    case "forward" -> Partitioner::forward;
                    case "hash" -> () -> Partitioner.hash(2);
                    case "rebalance" -> Partitioner::rebalance;
                    default -> Partitioner::broadcast;
                };

        // consumers first: their requests wait for producers that have not registered yet
        List<InputGate> gates = new ArrayList<>();
        for (int c = 0; c < CONSUMERS; c++) {
            List<InputChannelDescriptor> channels = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                if (forward && p != c) {
                    continue;
                }
                int sub = forward ? 0 : c;
                channels.add(
                        inA(p, producers)
                                ? InputChannelDescriptor.remote(pid("p" + p), sub, address(a))
                                : InputChannelDescriptor.local(pid("p" + p), sub));
            }
            gates.add(b.createInputGate("consumer-" + c, channels));
        }

        List<CompletableFuture<Void>> tasks = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            NetworkEnvironment env = inA(p, producers) ? a : b;
            ResultPartition partition = env.createResultPartition(pid("p" + p), subpartitions);
            RecordWriter writer =
                    env.createRecordWriter(
                            partition, partitioner.get(), SCHEMA, Duration.ofMillis(1));
            int producer = p;
            tasks.add(
                    task(
                            "producer-" + p,
                            () -> {
                                Row row = new Row(SCHEMA);
                                for (int i = 0; i < RECORDS_PER_PRODUCER; i++) {
                                    row.setLong(0, producer)
                                            .setLong(1, i)
                                            .setString(2, "key-" + (i % 1000));
                                    writer.emit(row);
                                }
                                writer.finish();
                                writer.close();
                            }));
        }

        // seen[consumer][producer] = bitmap of sequence numbers
        long[][] received = new long[CONSUMERS][producers];
        boolean[][][] seen = new boolean[CONSUMERS][producers][RECORDS_PER_PRODUCER];
        for (int c = 0; c < CONSUMERS; c++) {
            InputGate gate = gates.get(c);
            RecordReader reader = b.createRecordReader(gate, SCHEMA);
            int consumer = c;
            tasks.add(
                    task(
                            "consumer-" + c,
                            () -> {
                                long[] lastSeq = new long[producers];
                                java.util.Arrays.fill(lastSeq, -1);
                                int[] endOfPartitions = {0};
                                readAll(
                                        reader,
                                        new Row(SCHEMA),
                                        row -> {
                                            int p = (int) row.getLong(0);
                                            int seq = (int) row.getLong(1);
                                            assertThat(seq)
                                                    .as("order from producer %d", p)
                                                    .isGreaterThan((int) lastSeq[p]);
                                            lastSeq[p] = seq;
                                            assertThat(seen[consumer][p][seq])
                                                    .as("duplicate %d/%d", p, seq)
                                                    .isFalse();
                                            seen[consumer][p][seq] = true;
                                            assertThat(row.stringEquals(2, "key-" + (seq % 1000)))
                                                    .isTrue();
                                            if (partitioning.equals("hash")) {
                                                assertThat(
                                                                io.spate.jobgraph.KeyGroups
                                                                        .subtaskOfKey(
                                                                                row.hashField(2),
                                                                                128,
                                                                                CONSUMERS))
                                                        .isEqualTo(consumer);
                                            }
                                            received[consumer][p]++;
                                        },
                                        event -> {
                                            assertThat(event).isEqualTo(EndOfPartition.INSTANCE);
                                            endOfPartitions[0]++;
                                        });
                                assertThat(endOfPartitions[0]).isEqualTo(gate.numberOfChannels());
                                reader.close();
                                gate.close();
                            }));
        }
        CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        for (int p = 0; p < producers; p++) {
            for (int seq = 0; seq < RECORDS_PER_PRODUCER; seq++) {
                int copies = 0;
                for (int c = 0; c < CONSUMERS; c++) {
                    copies += seen[c][p][seq] ? 1 : 0;
                }
                int expected = partitioning.equals("broadcast") ? CONSUMERS : 1;
                assertThat(copies).as("copies of %d/%d", p, seq).isEqualTo(expected);
            }
        }
        if (partitioning.equals("rebalance")) {
            for (int c = 0; c < CONSUMERS; c++) {
                for (int p = 0; p < producers; p++) {
                    assertThat(received[c][p]).isEqualTo(RECORDS_PER_PRODUCER / CONSUMERS);
                }
            }
        }
        assertThat(a.partitionManager().numberOfPartitions())
                .as("consumed partitions release")
                .isZero();
        assertThat(b.partitionManager().numberOfPartitions()).isZero();
        awaitNoBuffersInUse(a, b);
    }

    private static boolean inA(int producer, int producers) {
        return producer < (producers + 1) / 2;
    }
}
