package io.spate.executor.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.executor.network.event.CheckpointBarrier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The aligner alone, with channels that record block/resume and a listener that records. */
class BarrierAlignerTest {

    private final List<String> log = new ArrayList<>();

    private BarrierAligner aligner(int channels) {
        return new BarrierAligner(
                channels,
                0,
                new BarrierAligner.Channels() {
                    @Override
                    public void block(int channel) {
                        log.add("block " + channel);
                    }

                    @Override
                    public void resume(int channel) {
                        log.add("resume " + channel);
                    }
                },
                new BarrierAligner.Listener() {
                    @Override
                    public void aligned(CheckpointBarrier barrier, long alignmentNanos) {
                        log.add("aligned " + barrier.id() + " in " + alignmentNanos);
                    }

                    @Override
                    public void aborted(long checkpointId, String reason) {
                        log.add("aborted " + checkpointId);
                    }
                });
    }

    private static CheckpointBarrier barrier(long id) {
        return new CheckpointBarrier(id, 1000 + id);
    }

    @Test
    void barriersInAnyOrderBlockEachChannelUntilTheLastArrives() throws Exception {
        BarrierAligner aligner = aligner(3);

        aligner.onBarrier(2, barrier(1), 100);
        aligner.onBarrier(0, barrier(1), 150);
        assertThat(aligner.aligning()).isEqualTo(1);
        assertThat(aligner.isBlocked(2)).isTrue();
        assertThat(aligner.isBlocked(1)).isFalse();
        aligner.onBarrier(1, barrier(1), 400);

        assertThat(log)
                .containsExactly("block 2", "block 0", "aligned 1 in 300", "resume 0", "resume 2");
        assertThat(aligner.aligning()).isEqualTo(-1);
    }

    @Test
    void aSingleOpenChannelAlignsAtOnceWithoutBlocking() throws Exception {
        BarrierAligner aligner = aligner(1);

        aligner.onBarrier(0, barrier(4), 10);

        assertThat(log).containsExactly("aligned 4 in 0");
    }

    @Test
    void endOfPartitionCountsAsTheBarrierOfItsChannel() throws Exception {
        BarrierAligner aligner = aligner(3);
        aligner.onEndOfPartition(1, 0); // ended before the checkpoint: not waited for

        aligner.onBarrier(0, barrier(1), 10);
        aligner.onEndOfPartition(2, 30); // ends while aligning

        assertThat(log).containsExactly("block 0", "aligned 1 in 20", "resume 0");
        log.clear();
        aligner.onBarrier(0, barrier(2), 40);
        assertThat(log).containsExactly("aligned 2 in 0");
    }

    @Test
    void aNewerBarrierAbortsTheOlderAlignmentAndStartsItsOwn() throws Exception {
        BarrierAligner aligner = aligner(2);

        aligner.onBarrier(0, barrier(1), 10);
        aligner.onBarrier(0, barrier(2), 20); // channel 0 is blocked in reality; from another gate
        assertThat(log).containsExactly("block 0", "resume 0", "aborted 1", "block 0");
        log.clear();

        aligner.onBarrier(1, barrier(1), 30); // late barrier of the aborted checkpoint: ignored
        aligner.onBarrier(1, barrier(2), 50);

        assertThat(log).containsExactly("aligned 2 in 30", "resume 0");
    }

    @Test
    void barriersAtOrBelowTheLastCheckpointAreIgnored() throws Exception {
        BarrierAligner aligner = aligner(2);
        aligner.onBarrier(0, barrier(3), 0);
        aligner.onBarrier(1, barrier(3), 0);
        log.clear();

        aligner.onBarrier(0, barrier(3), 0);
        aligner.onBarrier(1, barrier(2), 0);

        assertThat(log).isEmpty();
        assertThat(aligner.aligning()).isEqualTo(-1);
    }
}
