package io.spate.executor.network;

import static io.spate.executor.network.DataPlaneTesting.*;
import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;

/** Buffer timeout 0 as a task runs it: one flush per turn, never one per record, never none. */
class DeferredFlushTest {

    @Test
    void recordsOfATurnBecomeVisibleTogetherAtItsEndOverBothChannelKinds() throws Exception {
        try (NetworkEnvironment a = started(smallConfig());
                NetworkEnvironment b = started(smallConfig())) {
            ResultPartition remote = a.createResultPartition(pid("remote"), 1);
            ResultPartition local = b.createResultPartition(pid("local"), 1);
            RecordWriter remoteWriter = deferred(a, remote);
            RecordWriter localWriter = deferred(b, local);
            InputGate gate = remoteAndLocalGate(a, b);
            RecordReader reader = b.createRecordReader(gate, SCHEMA);
            Row row = new Row(SCHEMA);

            for (long seq = 0; seq < 3; seq++) {
                remoteWriter.emit(record(row, 0, seq));
                localWriter.emit(record(row, 1, seq));
            }
            // Written but not sendable: nothing can reach the consumer before the turn ends.
            assertThat(remote.isAvailable(0)).isFalse();
            assertThat(local.isAvailable(0)).isFalse();
            assertThat(reader.next(row)).isEqualTo(RecordReader.Result.NOTHING_AVAILABLE);

            remoteWriter.flushPending();
            localWriter.flushPending();
            assertThat(local.isAvailable(0)).as("the local consumer has not polled yet").isTrue();
            List<Long> seen = new ArrayList<>();
            while (seen.size() < 6) {
                switch (reader.next(row)) {
                    case RECORD -> seen.add(row.getLong(0) * 100 + row.getLong(1));
                    case NOTHING_AVAILABLE -> reader.availableFuture().get(10, TimeUnit.SECONDS);
                    default -> throw new AssertionError("unexpected " + reader.event());
                }
            }
            assertThat(seen).containsExactlyInAnyOrder(0L, 1L, 2L, 100L, 101L, 102L);

            remoteWriter.finish();
            localWriter.finish();
            readAll(reader, row, r -> {}, e -> {});
            reader.close();
            gate.close();
            awaitNoBuffersInUse(a, b);
        }
    }

    @Test
    void aTurnThatOutgrowsThePoolBlocksForBuffersAndStillDeliversEverything() throws Exception {
        // The partition's pool holds 12 buffers: within one turn (flushPending is never called) the
        // writer waits for buffers again and again; finished buffers, and the tails it flushes
        // before
        // each wait, keep the consumer going.
        NetworkConfig config = smallConfig();
        try (NetworkEnvironment env = started(config)) {
            ResultPartition partition = env.createResultPartition(pid("p"), 2);
            RecordWriter writer = deferred(env, partition);
            InputGate gate =
                    env.createInputGate(
                            "consumer",
                            List.of(
                                    InputChannelDescriptor.local(pid("p"), 0),
                                    InputChannelDescriptor.local(pid("p"), 1)));
            RecordReader reader = env.createRecordReader(gate, SCHEMA);
            int records = 50_000; // ~30 bytes each, far more than the partition's buffers hold
            CompletableFuture<Void> producer =
                    task(
                            "producer",
                            () -> {
                                Row out = new Row(SCHEMA);
                                for (long seq = 0; seq < records; seq++) {
                                    writer.emit(
                                            record(
                                                    out, seq % 2,
                                                    seq)); // one turn: flushPending never called
                                }
                                writer.finish();
                            });
            Row row = new Row(SCHEMA);
            long[] count = new long[1];
            readAll(reader, row, r -> count[0]++, e -> {});
            producer.get(30, TimeUnit.SECONDS);
            assertThat(count[0]).isEqualTo(records);
            reader.close();
            gate.close();
            awaitNoBuffersInUse(env);
        }
    }

    private static RecordWriter deferred(NetworkEnvironment env, ResultPartition partition) {
        RecordWriter writer =
                env.createRecordWriter(partition, Partitioner.hash(0), SCHEMA, Duration.ZERO);
        writer.deferFlushesToEndOfTurn();
        return writer;
    }

    private static Row record(Row row, long producer, long seq) {
        row.setLong(0, producer);
        row.setLong(1, seq);
        row.setString(2, "k" + seq);
        return row;
    }
}
