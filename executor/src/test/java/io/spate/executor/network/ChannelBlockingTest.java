package io.spate.executor.network;

import static io.spate.executor.network.DataPlaneTesting.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.spate.executor.network.event.CheckpointBarrier;
import io.spate.executor.network.event.EndOfPartition;
import io.spate.executor.network.event.RuntimeEvent;
import io.spate.executor.network.event.Watermark;
import io.spate.executor.network.gate.InputGate;
import io.spate.executor.network.gate.RecordReader;
import io.spate.executor.network.gate.RemoteInputChannel;
import io.spate.executor.network.partition.ResultPartition;
import io.spate.executor.network.writer.Partitioner;
import io.spate.executor.network.writer.RecordWriter;
import io.spate.record.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Channel 0 is remote (from A), channel 1 local (in B). Both carry records and events. */
class ChannelBlockingTest {
    private static final int RECORDS = 20_000; // far more than the credit of one channel

    @Test
    void blockingStopsDeliveryAndCreditAndResumingDeliversTheRestInOrder() throws Exception {
        NetworkConfig config = smallConfig();
        try (NetworkEnvironment a = started(config);
                NetworkEnvironment b = started(config)) {
            ResultPartition remote = a.createResultPartition(pid("remote"), 1);
            ResultPartition local = b.createResultPartition(pid("local"), 1);
            CompletableFuture<Void> remoteProducer = produce(a, remote, 0);
            CompletableFuture<Void> localProducer = produce(b, local, 1);
            InputGate gate = remoteAndLocalGate(a, b);
            RecordReader reader = b.createRecordReader(gate, SCHEMA);
            Row row = new Row(SCHEMA);
            List<List<Object>> seen = List.of(new ArrayList<>(), new ArrayList<>());

            // the local channel is blocked from the start: only the remote one may deliver
            gate.blockChannel(1);
            readUntil(reader, row, seen, () -> seen.get(0).contains(new CheckpointBarrier(1, 10)));
            assertThat(seen.get(1)).as("nothing from the blocked local channel").isEmpty();

            // barrier seen on channel 0: block it (alignment), let channel 1 run to its end
            gate.blockChannel(0);
            int remoteSeenAtBlock = seen.get(0).size();
            gate.resumeChannel(1);
            readUntil(reader, row, seen, () -> seen.get(1).contains(EndOfPartition.INSTANCE));
            assertThat(seen.get(0))
                    .as("nothing from the blocked remote channel")
                    .hasSize(remoteSeenAtBlock);

            // the blocked remote channel holds at most its credit, and its producer is held back
            RemoteInputChannel blocked = (RemoteInputChannel) gate.channel(0);
            int maxCredit = config.exclusiveBuffersPerChannel() + config.floatingBuffersPerGate();
            Awaitility.await()
                    .during(Duration.ofMillis(300))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> !remoteProducer.isDone() && blocked.queuedBuffers() <= maxCredit);
            assertThat(remote.backlog(0)).as("producer backlog waits for credit").isPositive();
            assertThat(reader.next(row)).isEqualTo(RecordReader.Result.NOTHING_AVAILABLE);

            gate.resumeChannel(0);
            DataPlaneTesting.readAll(
                    reader, row, r -> seen.get(0).add(r.getLong(1)), e -> seen.get(0).add(e));
            remoteProducer.get(10, TimeUnit.SECONDS);
            localProducer.get(10, TimeUnit.SECONDS);

            assertThat(seen.get(0)).isEqualTo(expected());
            assertThat(seen.get(1)).isEqualTo(expected());
            reader.close();
            gate.close();
            awaitNoBuffersInUse(a, b);
        }
    }

    /** Records 0..99, barrier 1, records 100..199, watermark 5, the rest, end of partition. */
    private static List<Object> expected() {
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < RECORDS; i++) {
            if (i == 100) {
                out.add(new CheckpointBarrier(1, 10));
            }
            if (i == 200) {
                out.add(new Watermark(5));
            }
            out.add(i);
        }
        out.add(EndOfPartition.INSTANCE);
        return out;
    }

    private static CompletableFuture<Void> produce(
            NetworkEnvironment env, ResultPartition p, int producer) {
        RecordWriter writer =
                env.createRecordWriter(p, Partitioner.forward(), SCHEMA, Duration.ofMillis(1));
        return task(
                "producer-" + producer,
                () -> {
                    Row row = new Row(SCHEMA);
                    for (long i = 0; i < RECORDS; i++) {
                        if (i == 100) {
                            writer.broadcastEvent(new CheckpointBarrier(1, 10));
                        }
                        if (i == 200) {
                            writer.broadcastEvent(new Watermark(5));
                        }
                        writer.emit(row.setLong(0, producer).setLong(1, i).setString(2, "k"));
                    }
                    writer.finish();
                    writer.close();
                });
    }

    private static void readUntil(
            RecordReader reader,
            Row row,
            List<List<Object>> seen,
            java.util.function.BooleanSupplier done)
            throws Exception {
        while (!done.getAsBoolean()) {
            switch (reader.next(row)) {
                case RECORD -> seen.get(reader.channelIndex()).add(row.getLong(1));
                case EVENT -> {
                    RuntimeEvent e = reader.event();
                    seen.get(reader.channelIndex()).add(e);
                }
                case NOTHING_AVAILABLE -> reader.availableFuture().get(10, TimeUnit.SECONDS);
                case END_OF_INPUT -> throw new AssertionError("ended early");
            }
        }
    }
}
