package io.spate.executor.network;

import static io.spate.executor.network.DataPlaneTesting.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.spate.executor.network.gate.InputGate;
import io.spate.executor.network.gate.RecordReader;
import io.spate.executor.network.gate.RemoteInputChannel;
import io.spate.executor.network.partition.ResultPartition;
import io.spate.executor.network.writer.Partitioner;
import io.spate.executor.network.writer.RecordWriter;
import io.spate.record.Row;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SlowChannelIsolationTest {

    @Test
    void slowChannelDoesNotStallItsConnection() throws Exception {
        NetworkConfig config = smallConfig();
        try (NetworkEnvironment a = started(config);
                NetworkEnvironment b = started(config)) {
            ResultPartition fast = a.createResultPartition(pid("fast"), 1);
            ResultPartition slow = a.createResultPartition(pid("slow"), 1);
            InputGate fastGate =
                    b.createInputGate(
                            "fast",
                            List.of(InputChannelDescriptor.remote(pid("fast"), 0, address(a))));
            InputGate slowGate =
                    b.createInputGate(
                            "slow",
                            List.of(InputChannelDescriptor.remote(pid("slow"), 0, address(a))));
            assertThat(b.outgoingConnections())
                    .as("both channels share one connection")
                    .isEqualTo(1);

            int fastRecords = 200_000;
            int slowRecords = 50_000;
            CompletableFuture<Void> fastProducer = produce(a, fast, fastRecords);
            CompletableFuture<Void> slowProducer = produce(a, slow, slowRecords);

            // the slow consumer reads a little, then stops
            RecordReader slowReader = b.createRecordReader(slowGate, SCHEMA);
            Row row = new Row(SCHEMA);
            int slowRead = 0;
            while (slowRead < 10) {
                switch (slowReader.next(row)) {
                    case RECORD -> slowRead++;
                    case NOTHING_AVAILABLE ->
                            slowReader.availableFuture().get(10, TimeUnit.SECONDS);
                    default -> throw new AssertionError("unexpected end");
                }
            }

            // the fast one still gets everything
            RecordReader fastReader = b.createRecordReader(fastGate, SCHEMA);
            long[] fastRead = {0};
            task(
                            "fast-consumer",
                            () -> readAll(fastReader, new Row(SCHEMA), r -> fastRead[0]++, e -> {}))
                    .get(30, TimeUnit.SECONDS);
            assertThat(fastRead[0]).isEqualTo(fastRecords);
            fastProducer.get(10, TimeUnit.SECONDS);

            // the slow side is stuck, and bounded: no queue grew past its credit or pool
            assertThat(slowProducer).isNotDone();
            RemoteInputChannel slowChannel = (RemoteInputChannel) slowGate.channel(0);
            int maxCredit = config.exclusiveBuffersPerChannel() + config.floatingBuffersPerGate();
            assertThat(slowChannel.queuedBuffers()).isLessThanOrEqualTo(maxCredit);
            assertThat(slow.bufferPool().segmentsInUse())
                    .isLessThanOrEqualTo(slow.bufferPool().maxSegments());
            assertThat(b.bufferPool().segmentsInUse())
                    .isLessThanOrEqualTo(b.bufferPool().reservedSegments());

            // and it recovers once read again
            long[] rest = {slowRead};
            readAll(slowReader, row, r -> rest[0]++, e -> {});
            assertThat(rest[0]).isEqualTo(slowRecords);
            slowProducer.get(10, TimeUnit.SECONDS);

            fastReader.close();
            slowReader.close();
            fastGate.close();
            slowGate.close();
            awaitNoBuffersInUse(a, b);
        }
    }

    private static CompletableFuture<Void> produce(
            NetworkEnvironment env, ResultPartition p, int n) {
        RecordWriter writer =
                env.createRecordWriter(p, Partitioner.forward(), SCHEMA, Duration.ofMillis(1));
        return task(
                "producer-" + p.id(),
                () -> {
                    Row row = new Row(SCHEMA);
                    for (int i = 0; i < n; i++) {
                        writer.emit(row.setLong(0, 0).setLong(1, i).setString(2, "k" + i));
                    }
                    writer.finish();
                    writer.close();
                });
    }
}
