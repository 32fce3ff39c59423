package io.spate.executor.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.executor.checkpoint.BarrierAligner;
import io.spate.executor.network.InputChannelDescriptor;
import io.spate.executor.network.NetworkConfig;
import io.spate.executor.network.NetworkEnvironment;
import io.spate.executor.network.event.CheckpointBarrier;
import io.spate.executor.network.gate.InputGate;
import io.spate.executor.network.gate.RecordReader;
import io.spate.executor.network.partition.ResultPartition;
import io.spate.executor.network.partition.ResultPartitionId;
import io.spate.executor.network.writer.Partitioner;
import io.spate.executor.network.writer.RecordWriter;
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
 * Alignment through a real input gate with two local channels, single-threaded: the test writes
 * records and barriers into the producers' partitions and drives {@link NetworkInput} turn by turn.
 */
class NetworkInputAlignmentTest {

    private static final Schema SCHEMA =
            Schema.of(new Field("producer", FieldType.LONG), new Field("seq", FieldType.LONG));

    private final List<String> processed = new ArrayList<>();
    private final List<String> checkpoints = new ArrayList<>();
    private NetworkEnvironment env;
    private ResultPartition[] partitions;
    private RecordWriter[] writers;
    private InputGate gate;
    private RecordReader reader;
    private NetworkInput input;

    @BeforeEach
    void setUp() throws Exception {
        env =
                new NetworkEnvironment(
                        NetworkConfig.defaults().withBufferSize(4096).withMemory(4L << 20));
        env.start();
        partitions = new ResultPartition[2];
        writers = new RecordWriter[2];
        List<InputChannelDescriptor> channels = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            ResultPartitionId id = new ResultPartitionId("producer-" + p);
            partitions[p] = env.createResultPartition(id, 1);
            writers[p] =
                    env.createRecordWriter(
                            partitions[p], Partitioner.forward(), SCHEMA, Duration.ZERO);
            channels.add(InputChannelDescriptor.local(id, 0));
        }
        gate = env.createInputGate("consumer", channels);
        reader = env.createRecordReader(gate, SCHEMA);
        input =
                new NetworkInput(
                        List.of(reader),
                        List.of(new RowSerializer(SCHEMA)),
                        List.of(row -> processed.add(row.getLong(0) + ":" + row.getLong(1))),
                        Task.BATCH_SIZE,
                        0,
                        new BarrierAligner.Listener() {
                            @Override
                            public void aligned(CheckpointBarrier barrier, long alignmentNanos) {
                                // What a snapshot would contain: everything processed before the
                                // barrier.
                                checkpoints.add(barrier.id() + " after " + List.copyOf(processed));
                            }

                            @Override
                            public void aborted(long checkpointId, String reason) {
                                checkpoints.add("aborted " + checkpointId);
                            }
                        });
    }

    @AfterEach
    void tearDown() {
        reader.close();
        gate.close();
        for (int p = 0; p < 2; p++) {
            writers[p].close();
            partitions[p].release();
        }
        env.close();
    }

    @Test
    void aBlockedChannelHoldsItsRecordsUntilEveryChannelDeliveredTheBarrier() throws Exception {
        emit(0, 0, 2);
        barrier(0, 1);
        emit(0, 2, 4); // after the barrier: must wait for the alignment
        emit(1, 0, 1);

        drain();
        assertThat(processed).containsExactlyInAnyOrder("0:0", "0:1", "1:0");
        assertThat(input.aligning()).isEqualTo(1);
        assertThat(checkpoints).isEmpty();

        emit(1, 1, 2);
        barrier(1, 1);
        emit(1, 2, 3);
        drain();

        assertThat(checkpoints).hasSize(1);
        assertThat(checkpoints.getFirst())
                .startsWith("1 after ")
                .contains("0:0", "0:1", "1:0", "1:1")
                .doesNotContain("0:2", "0:3", "1:2");
        assertThat(processed)
                .containsExactlyInAnyOrder("0:0", "0:1", "1:0", "1:1", "0:2", "0:3", "1:2");
        assertThat(input.aligning()).isEqualTo(-1);
    }

    @Test
    void anEndOfPartitionCompletesTheAlignmentAndTheInputEndsAfterwards() throws Exception {
        barrier(0, 5);
        emit(0, 0, 1);
        writers[1].emit(new Row(SCHEMA).setLong(0, 1).setLong(1, 0));
        writers[1].finish(); // channel 1 ends while checkpoint 5 is aligning

        InputProcessor.Status status = drain();

        assertThat(checkpoints).containsExactly("5 after [1:0]");
        assertThat(processed).containsExactly("1:0", "0:0");
        assertThat(status).isEqualTo(InputProcessor.Status.NOTHING_AVAILABLE);
        writers[0].finish();
        assertThat(drain()).isEqualTo(InputProcessor.Status.END);
    }

    @Test
    void aNewerBarrierAbortsTheAlignmentOfAnOlderOne() throws Exception {
        barrier(0, 1);
        emit(0, 0, 1);
        drain();
        // Channel 1 never got barrier 1 (its source skipped it) and brings barrier 2.
        barrier(1, 2);
        drain();
        assertThat(checkpoints).containsExactly("aborted 1");
        assertThat(processed).containsExactly("0:0"); // channel 0 unblocked by the abort

        barrier(0, 2);
        drain();
        assertThat(checkpoints).containsExactly("aborted 1", "2 after [0:0]");
    }

    private void emit(int producer, long from, long to) throws Exception {
        Row row = new Row(SCHEMA);
        for (long i = from; i < to; i++) {
            writers[producer].emit(row.setLong(0, producer).setLong(1, i));
        }
    }

    private void barrier(int producer, long id) throws Exception {
        writers[producer].broadcastEvent(new CheckpointBarrier(id, 0));
        writers[producer].flushAll();
    }

    /** Turns until nothing more is available (local channels deliver synchronously). */
    private InputProcessor.Status drain() throws Exception {
        InputProcessor.Status status;
        do {
            status = input.processBatch();
        } while (status == InputProcessor.Status.MORE);
        return status;
    }
}
