package io.spate.executor.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.executor.checkpoint.BarrierAligner;
import io.spate.executor.network.InputChannelDescriptor;
import io.spate.executor.network.NetworkConfig;
import io.spate.executor.network.NetworkEnvironment;
import io.spate.executor.network.event.CheckpointBarrier;
import io.spate.executor.network.event.Watermark;
import io.spate.executor.network.gate.InputGate;
import io.spate.executor.network.gate.RecordReader;
import io.spate.executor.network.partition.ResultPartition;
import io.spate.executor.network.partition.ResultPartitionId;
import io.spate.executor.network.writer.Partitioner;
import io.spate.executor.network.writer.RecordWriter;
import io.spate.executor.operators.Output;
import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.RowSerializer;
import io.spate.record.Schema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A two-input head's task input through two real gates of different schemas, single-threaded: each
 * gate's records reach its own side, a barrier is aligned over the channels of both gates, and the
 * watermark is the minimum of both.
 */
class TwoInputNetworkTest {

    private static final Schema LEFT = Schema.of(new Field("id", FieldType.LONG));
    private static final Schema RIGHT =
            Schema.of(new Field("name", FieldType.STRING), new Field("id", FieldType.LONG));

    private final List<String> processed = new ArrayList<>();
    private final List<String> checkpoints = new ArrayList<>();
    private final List<Long> watermarks = new ArrayList<>();
    private NetworkEnvironment env;
    private final ResultPartition[] partitions = new ResultPartition[2];
    private final RecordWriter[] writers = new RecordWriter[2];
    private final InputGate[] gates = new InputGate[2];
    private final RecordReader[] readers = new RecordReader[2];
    private NetworkInput input;

    @BeforeEach
    void setUp() throws Exception {
        env =
                new NetworkEnvironment(
                        NetworkConfig.defaults().withBufferSize(4096).withMemory(4L << 20));
        env.start();
        Schema[] schemas = {LEFT, RIGHT};
        for (int g = 0; g < 2; g++) {
            ResultPartitionId id = new ResultPartitionId("producer-" + g);
            partitions[g] = env.createResultPartition(id, 1);
            writers[g] =
                    env.createRecordWriter(
                            partitions[g], Partitioner.forward(), schemas[g], Duration.ZERO);
            gates[g] =
                    env.createInputGate(
                            "join-in" + g, List.of(InputChannelDescriptor.local(id, 0)));
            readers[g] = env.createRecordReader(gates[g], schemas[g]);
        }
        input =
                new NetworkInput(
                        List.of(readers),
                        List.of(new RowSerializer(LEFT), new RowSerializer(RIGHT)),
                        List.of(side("left"), side("right")),
                        Task.BATCH_SIZE,
                        0,
                        new BarrierAligner.Listener() {
                            @Override
                            public void aligned(CheckpointBarrier barrier, long alignmentNanos) {
                                checkpoints.add(barrier.id() + " after " + List.copyOf(processed));
                            }

                            @Override
                            public void aborted(long checkpointId, String reason) {
                                checkpoints.add("aborted " + checkpointId);
                            }
                        });
    }

    /** A side of the head: records by their schema's own fields; watermarks, once, from either. */
    private Output side(String name) {
        return new Output() {
            @Override
            public void emit(Row row) {
                processed.add(
                        name.equals("left")
                                ? "left:" + row.getLong(0)
                                : "right:" + row.getString(0) + "/" + row.getLong(1));
            }

            @Override
            public void emitWatermark(long watermark) {
                watermarks.add(watermark);
            }
        };
    }

    @AfterEach
    void tearDown() {
        for (int g = 0; g < 2; g++) {
            readers[g].close();
            gates[g].close();
            writers[g].close();
            partitions[g].release();
        }
        env.close();
    }

    @Test
    void eachGatesRecordsReachTheirOwnSide() throws Exception {
        writers[0].emit(new Row(LEFT).setLong(0, 7));
        writers[1].emit(new Row(RIGHT).setString(0, "ann").setLong(1, 7));
        writers[0].flushAll();
        writers[1].flushAll();

        drain();

        assertThat(processed).containsExactlyInAnyOrder("left:7", "right:ann/7");
    }

    @Test
    void aBarrierOnOneGateHoldsThatGateUntilTheOtherDeliversIt() throws Exception {
        writers[0].emit(new Row(LEFT).setLong(0, 1));
        event(0, new CheckpointBarrier(1, 0));
        writers[0].emit(new Row(LEFT).setLong(0, 2)); // after the barrier: waits
        writers[1].emit(new Row(RIGHT).setString(0, "a").setLong(1, 1));
        writers[1].flushAll();
        writers[0].flushAll();

        drain();
        assertThat(processed).containsExactlyInAnyOrder("left:1", "right:a/1");
        assertThat(checkpoints).isEmpty();

        event(1, new CheckpointBarrier(1, 0));
        drain();

        assertThat(checkpoints).hasSize(1);
        assertThat(checkpoints.getFirst()).contains("left:1", "right:a/1").doesNotContain("left:2");
        assertThat(processed).contains("left:2");
    }

    @Test
    void theWatermarkIsTheLeastOfBothInputs() throws Exception {
        event(0, new Watermark(100));
        drain();
        assertThat(watermarks).isEmpty(); // the right input has said nothing yet

        event(1, new Watermark(40));
        drain();
        event(1, new Watermark(150));
        drain();
        event(0, new Watermark(200));
        drain();

        assertThat(watermarks).containsExactly(40L, 100L, 150L);
    }

    private void event(int gate, io.spate.executor.network.event.RuntimeEvent event)
            throws Exception {
        writers[gate].broadcastEvent(event);
        writers[gate].flushAll();
    }

    private InputProcessor.Status drain() throws Exception {
        InputProcessor.Status status;
        do {
            status = input.processBatch();
        } while (status == InputProcessor.Status.MORE);
        return status;
    }
}
