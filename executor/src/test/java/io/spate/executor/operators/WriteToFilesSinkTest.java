package io.spate.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spate.clock.Clock;
import io.spate.jobgraph.OperatorSpec;
import io.spate.record.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteToFilesSinkTest {

    @TempDir Path dir;

    private Path out;

    @Test
    void aCheckpointPreCommitsAndItsCompletionCommitsByRename() throws Exception {
        out = dir.resolve("out");
        WriteToFilesSink sink = sink("csv", 3, 0);
        sink.open();
        write(sink, "a,b", 1);
        write(sink, "c", 2);
        assertThat(names()).containsExactly(".part-3-0-0.inprogress");

        OperatorStateTest.snapshot(sink, 5);
        write(sink, "d", 3); // after the barrier: the next file
        assertThat(sink.pending()).hasSize(1);
        assertThat(names()).allSatisfy(n -> assertThat(n).startsWith("."));

        sink.notifyCheckpointComplete(5);

        assertThat(names()).containsExactly(".part-3-0-1.inprogress", "part-3-5.csv");
        assertThat(Files.readString(out.resolve("part-3-5.csv"))).isEqualTo("\"a,b\",1\r\nc,2\r\n");
        sink.close();
        assertThat(names()).containsExactly("part-3-5.csv");
    }

    @Test
    void aCompletedCheckpointCommitsOnlyThePendingFilesUpToIt() throws Exception {
        out = dir.resolve("out");
        WriteToFilesSink sink = sink("jsonl", 0, 0);
        sink.open();
        write(sink, "x", 1);
        OperatorStateTest.snapshot(sink, 1);
        OperatorStateTest.snapshot(sink, 2); // nothing new: no empty file
        write(sink, "y", 2);
        OperatorStateTest.snapshot(sink, 3);

        sink.notifyCheckpointComplete(2);

        assertThat(committed()).containsExactly("part-0-1.jsonl");
        sink.notifyCheckpointComplete(3);
        assertThat(committed()).containsExactly("part-0-1.jsonl", "part-0-3.jsonl");
        sink.close();
    }

    @Test
    void closeWithoutACheckpointLeavesNothing() throws Exception {
        out = dir.resolve("out");
        WriteToFilesSink sink = sink("jsonl", 0, 0);
        sink.open();
        write(sink, "x", 1);
        sink.finish(); // the tail is pending, but no checkpoint took it

        sink.close();

        assertThat(names()).isEmpty();
    }

    @Test
    void finishRollsTheTailAndOnlyTheFinalCheckpointCommitsIt() throws Exception {
        out = dir.resolve("out");
        WriteToFilesSink sink = sink("csv", 1, 0);
        sink.open();
        write(sink, "x", 1);
        sink.finish();
        assertThat(committed()).isEmpty();

        OperatorStateTest.snapshot(sink, 9);
        assertThat(committed()).isEmpty();
        sink.notifyCheckpointComplete(9);
        sink.close();

        assertThat(names()).containsExactly("part-1-9.csv");
        assertThat(Files.readAllLines(out.resolve("part-1-9.csv"))).containsExactly("x,1");
    }

    @Test
    void restoreCommitsTheRestoredPendingFilesAndDeletesOtherAttemptsFiles() throws Exception {
        out = dir.resolve("out");
        WriteToFilesSink first = sink("csv", 2, 0);
        first.open();
        write(first, "before-1", 1);
        byte[] state1 = OperatorStateTest.snapshot(first, 1);
        write(first, "before-2", 2);
        byte[] state2 = OperatorStateTest.snapshot(first, 2);
        write(first, "lost", 3); // after checkpoint 2: replayed by the next attempt
        first.close(); // a failure: checkpoint 2 completed, but its notification never came
        WriteToFilesSink other = sink("csv", 12, 0); // another subtask's file must survive
        other.open();
        write(other, "other", 1);

        WriteToFilesSink second = sink("csv", 2, 1);
        OperatorStateTest.restore(second, state2);
        second.open();

        assertThat(committed()).containsExactly("part-2-1.csv", "part-2-2.csv");
        assertThat(Files.readAllLines(out.resolve("part-2-1.csv"))).containsExactly("before-1,1");
        assertThat(Files.readAllLines(out.resolve("part-2-2.csv"))).containsExactly("before-2,2");
        assertThat(names())
                .containsExactly(".part-12-0-0.inprogress", "part-2-1.csv", "part-2-2.csv");

        // Restoring again (the restored attempt failed too) is idempotent.
        WriteToFilesSink third = sink("csv", 2, 2);
        OperatorStateTest.restore(third, state2);
        third.open();
        write(third, "after", 4);
        third.finish();
        OperatorStateTest.snapshot(third, 3);
        third.notifyCheckpointComplete(3);
        third.close();

        assertThat(committed()).containsExactly("part-2-1.csv", "part-2-2.csv", "part-2-3.csv");
        assertThat(Files.readAllLines(out.resolve("part-2-3.csv"))).containsExactly("after,4");
        second.close();
        other.close();

        // A pending file that is neither hidden nor committed any more: the output is lost, say so.
        Files.delete(out.resolve("part-2-1.csv"));
        WriteToFilesSink fourth = sink("csv", 2, 3);
        OperatorStateTest.restore(fourth, state1);
        assertThatThrownBy(fourth::open)
                .hasMessageContaining("part-2-1.csv")
                .hasMessageContaining("lost");
    }

    private OperatorSpec spec(String format) throws Exception {
        return OperatorTesting.spec(
                """
        name: files
        pipeline:
          transforms:
            - type: Words
            - type: KeyBy
              config: {field: word}
            - type: RunningCount
            - type: WriteToFiles
              config: {path: "%s", format: %s}
        """
                        .formatted(out, format),
                "WriteToFiles");
    }

    private WriteToFilesSink sink(String format, int subtask, int attempt) throws Exception {
        OperatorSpec spec = spec(format);
        return new WriteToFilesSink(
                new OperatorContext(
                        spec, "job-1", "test", "vertex", subtask, 16, attempt, Clock.SYSTEM));
    }

    private void write(WriteToFilesSink sink, String word, long count) throws Exception {
        Row row = new Row(spec("csv").inputSchema().orElseThrow());
        sink.processRecord(row.setString(0, word).setLong(1, count));
    }

    private List<String> names() throws Exception {
        try (Stream<Path> files = Files.list(out)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private List<String> committed() throws Exception {
        return names().stream().filter(n -> !n.startsWith(".") && !n.startsWith("_")).toList();
    }
}
