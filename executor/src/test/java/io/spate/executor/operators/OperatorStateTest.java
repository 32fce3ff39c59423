package io.spate.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spate.clock.Clock;
import io.spate.jobgraph.OperatorSpec;
import io.spate.record.Row;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot/restore round trips of the stateful operators: a restored instance continues exactly
 * where the snapshotted one was, so the records before and after together are the uninterrupted
 * sequence.
 */
class OperatorStateTest {

    @TempDir Path dir;

    @Test
    void aRestoredWordsSourceContinuesAtItsPosition() throws Exception {
        OperatorSpec spec =
                spec("- type: Words\n      config: {count: 20, vocabulary: 7}", "Words");
        OperatorTesting.CollectingOutput whole = collect();
        List<String> all = emitAll(new WordsSource(context(spec, 1, 3), whole), whole);

        OperatorTesting.CollectingOutput first = collect();
        WordsSource before = new WordsSource(context(spec, 1, 3), first);
        before.open();
        before.emitBatch(2);
        byte[] state = snapshot(before, 1);
        OperatorTesting.CollectingOutput second = collect();
        WordsSource after = new WordsSource(context(spec, 1, 3), second);
        restore(after, state);

        assertThat(after.position()).isEqualTo(before.position()).isEqualTo(7);
        assertThat(concat(first.strings(0), emitAll(after, second))).isEqualTo(all);
    }

    @Test
    void aSourceRestoredAtItsEndEmitsNothing() throws Exception {
        OperatorSpec spec = spec("- type: Sequence\n      config: {from: 1, to: 5}", "Sequence");
        SequenceSource before = new SequenceSource(context(spec, 0, 2), collect());
        before.open();
        while (before.emitBatch(10) != SourceOperator.Progress.END) {}
        SequenceSource after = new SequenceSource(context(spec, 0, 2), collect());
        restore(after, snapshot(before, 3));
        after.open();

        assertThat(after.emitBatch(10)).isEqualTo(SourceOperator.Progress.END);
    }

    @Test
    void aRestoredSequenceSourceContinuesAtItsPosition() throws Exception {
        OperatorSpec spec = spec("- type: Sequence\n      config: {from: 10, to: 30}", "Sequence");
        OperatorTesting.CollectingOutput first = collect();
        SequenceSource before = new SequenceSource(context(spec, 0, 2), first);
        before.open();
        before.emitBatch(4);
        OperatorTesting.CollectingOutput second = collect();
        SequenceSource after = new SequenceSource(context(spec, 0, 2), second);
        restore(after, snapshot(before, 1));
        after.open();
        while (after.emitBatch(3) != SourceOperator.Progress.END) {}

        List<Long> values = new ArrayList<>();
        first.rows.forEach(r -> values.add(r.getLong(0)));
        second.rows.forEach(r -> values.add(r.getLong(0)));
        assertThat(values).containsExactly(10L, 12L, 14L, 16L, 18L, 20L, 22L, 24L, 26L, 28L, 30L);
    }

    @Test
    void aRestoredTextSourceReReadsToItsLineAndContinues() throws Exception {
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        Files.writeString(in.resolve("a.txt"), "a1\na2\na3\n");
        Files.writeString(in.resolve("b.txt"), "b1\nb2\n");
        OperatorSpec spec =
                spec("- type: ReadFromText\n      config: {path: \"" + in + "\"}", "ReadFromText");
        for (int cut = 0; cut <= 5; cut++) {
            OperatorTesting.CollectingOutput first = collect();
            ReadFromTextSource before = new ReadFromTextSource(context(spec, 0, 1), first);
            before.open();
            if (cut > 0) {
                before.emitBatch(cut);
            }
            byte[] state = snapshot(before, 1);
            before.close();
            OperatorTesting.CollectingOutput second = collect();
            ReadFromTextSource after = new ReadFromTextSource(context(spec, 0, 1), second);
            restore(after, state);

            assertThat(concat(first.strings(0), emitAll(after, second)))
                    .as("cut after %d lines", cut)
                    .containsExactly("a1", "a2", "a3", "b1", "b2");
            after.close();
        }
    }

    @Test
    void aTextSourceRefusesAPositionInAFileThatIsNoLongerThere() throws Exception {
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        Files.writeString(in.resolve("a.txt"), "a1\na2\n");
        OperatorSpec spec =
                spec("- type: ReadFromText\n      config: {path: \"" + in + "\"}", "ReadFromText");
        ReadFromTextSource before = new ReadFromTextSource(context(spec, 0, 1), collect());
        before.open();
        before.emitBatch(1);
        byte[] state = snapshot(before, 1);
        before.close();
        Files.move(in.resolve("a.txt"), in.resolve("z.txt"));
        Files.writeString(in.resolve("0.txt"), "new\n");

        ReadFromTextSource after = new ReadFromTextSource(context(spec, 0, 1), collect());
        restore(after, state);
        assertThatThrownBy(after::open)
                .hasMessageContaining("a.txt")
                .hasMessageContaining("changed");
    }

    @Test
    void aRestoredRunningCountKeepsCountingEveryStringKey() throws Exception {
        OperatorSpec spec = keyedCount("Words", "word");
        OperatorTesting.CollectingOutput out = collect();
        RunningCountOperator before = new RunningCountOperator(context(spec, 0, 1), out);
        Row word = new Row(spec.inputSchema().orElseThrow());
        String longKey = "ü".repeat(40_000); // beyond writeUTF's 64 KiB
        for (String w : List.of("a", "b", "a", longKey)) {
            before.processRecord(word.setString(0, w));
        }
        RunningCountOperator after = new RunningCountOperator(context(spec, 0, 1), out);
        restore(after, snapshot(before, 1));
        after.processRecord(word.setString(0, "a"));
        after.processRecord(word.setString(0, longKey));
        after.processRecord(word.setString(0, "c"));

        assertThat(out.rows.subList(4, 7))
                .extracting(r -> r.getLong(1))
                .containsExactly(3L, 2L, 1L);
    }

    @Test
    void aRestoredRunningCountKeepsCountingLongKeysAndRefusesOtherKeyTypes() throws Exception {
        OperatorSpec spec = keyedCount("Sequence\n      config: {to: 3}", "value");
        OperatorTesting.CollectingOutput out = collect();
        RunningCountOperator before = new RunningCountOperator(context(spec, 0, 1), out);
        Row value = new Row(spec.inputSchema().orElseThrow());
        before.processRecord(value.setLong(0, -5));
        before.processRecord(value.setLong(0, -5));
        byte[] state = snapshot(before, 1);
        RunningCountOperator after = new RunningCountOperator(context(spec, 0, 1), out);
        restore(after, state);
        after.processRecord(value.setLong(0, -5));

        assertThat(out.rows.getLast().getLong(1)).isEqualTo(3L);
        RunningCountOperator strings =
                new RunningCountOperator(context(keyedCount("Words", "word"), 0, 1), out);
        assertThatThrownBy(() -> restore(strings, state)).hasMessageContaining("LONG keys");
    }

    @Test
    void discardKeepsItsCountOverARestore() throws Exception {
        DiscardSink before = new DiscardSink();
        before.processRecord(null);
        before.processRecord(null);
        DiscardSink after = new DiscardSink();
        restore(after, snapshot(before, 1));
        after.processRecord(null);

        assertThat(after.records()).isEqualTo(3);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static OperatorSpec spec(String transform, String name) throws Exception {
        return OperatorTesting.spec(
                """
        name: state
        pipeline:
          transforms:
            %s
            - type: Discard
        """
                        .formatted(transform),
                name);
    }

    private static OperatorSpec keyedCount(String source, String key) throws Exception {
        return OperatorTesting.spec(
                """
        name: state
        pipeline:
          transforms:
            - type: %s
            - type: KeyBy
              config: {field: %s}
            - type: RunningCount
            - type: Discard
        """
                        .formatted(source, key),
                "RunningCount");
    }

    private static OperatorContext context(OperatorSpec spec, int subtask, int parallelism) {
        return OperatorTesting.context(spec, subtask, parallelism, Clock.SYSTEM);
    }

    private static OperatorTesting.CollectingOutput collect() {
        return new OperatorTesting.CollectingOutput();
    }

    static byte[] snapshot(Operator operator, long checkpointId) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        operator.snapshotState(checkpointId, out);
        out.flush();
        return bytes.toByteArray();
    }

    static void restore(Operator operator, byte[] state) throws Exception {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
        operator.restoreState(in);
        if (in.available() != 0) {
            throw new IOException(in.available() + " bytes left");
        }
    }

    private static List<String> emitAll(SourceOperator source, OperatorTesting.CollectingOutput out)
            throws Exception {
        source.open();
        int batches = 0;
        while (source.emitBatch(2) != SourceOperator.Progress.END) {
            assertThat(++batches).isLessThan(1000);
        }
        return out.strings(0);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
