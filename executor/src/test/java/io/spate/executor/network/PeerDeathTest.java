package io.spate.executor.network;

import static io.spate.executor.network.DataPlaneTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spate.executor.network.gate.InputGate;
import io.spate.executor.network.gate.RecordReader;
import io.spate.executor.network.partition.ResultPartition;
import io.spate.executor.network.writer.Partitioner;
import io.spate.executor.network.writer.RecordWriter;
import io.spate.record.Row;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PeerDeathTest {

    @Test
    void consumerFailsNamingThePeerWhenTheProducerExecutorDies() throws Exception {
        NetworkEnvironment a = started(smallConfig());
        try (NetworkEnvironment b = started(smallConfig())) {
            String peer = "127.0.0.1:" + a.port();
            ResultPartition partition = a.createResultPartition(pid("endless"), 1);
            RecordWriter writer =
                    a.createRecordWriter(
                            partition, Partitioner.forward(), SCHEMA, Duration.ofMillis(1));
            CompletableFuture<Void> producer =
                    task(
                            "producer",
                            () -> {
                                Row row = new Row(SCHEMA);
                                for (long i = 0; ; i++) {
                                    writer.emit(row.setLong(0, 0).setLong(1, i).setString(2, "x"));
                                }
                            });
            InputGate gate =
                    b.createInputGate(
                            "consumer",
                            List.of(InputChannelDescriptor.remote(pid("endless"), 0, address(a))));
            RecordReader reader = b.createRecordReader(gate, SCHEMA);
            Row row = new Row(SCHEMA);
            int read = 0;
            while (read < 5000) {
                if (reader.next(row) == RecordReader.Result.RECORD) {
                    read++;
                } else {
                    reader.availableFuture().get(10, TimeUnit.SECONDS);
                }
            }

            a.close(); // abrupt: connections cut, partitions released under the writer

            assertThatThrownBy(
                            () -> {
                                while (true) {
                                    if (reader.next(row) == RecordReader.Result.NOTHING_AVAILABLE) {
                                        reader.availableFuture().get(10, TimeUnit.SECONDS);
                                    }
                                }
                            })
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("connection to " + peer + " lost");
            assertThatThrownBy(() -> producer.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
            assertThat(read).isEqualTo(5000);
            reader.close();
            gate.close();
            awaitNoBuffersInUse(a, b);
        } finally {
            a.close();
        }
    }
}
