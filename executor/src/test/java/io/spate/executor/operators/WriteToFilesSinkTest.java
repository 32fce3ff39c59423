package io.spate.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

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

  @Test
  void writesToAHiddenFileAndCommitsItByRenameWhenTheInputEnds() throws Exception {
    Path out = dir.resolve("out");
    WriteToFilesSink sink = sink(out, "csv", 3);
    sink.open();
    Row row = new Row(spec(out, "csv").inputSchema().orElseThrow());
    sink.processRecord(row.setString(0, "a,b").setLong(1, 1));
    sink.processRecord(row.setString(0, "c").setLong(1, 2));

    assertThat(names(out)).containsExactly(".part-3-0.inprogress");

    sink.finish();
    sink.close();

    assertThat(names(out)).containsExactly("part-3-0.csv");
    assertThat(Files.readString(out.resolve("part-3-0.csv"))).isEqualTo("\"a,b\",1\r\nc,2\r\n");
  }

  @Test
  void closeWithoutFinishLeavesNothing() throws Exception {
    Path out = dir.resolve("out");
    WriteToFilesSink sink = sink(out, "jsonl", 0);
    sink.open();
    Row row = new Row(spec(out, "jsonl").inputSchema().orElseThrow());
    sink.processRecord(row.setString(0, "x").setLong(1, 1));

    sink.close();

    assertThat(names(out)).isEmpty();
  }

  @Test
  void pendingFilesStayHiddenUntilCommitted() throws Exception {
    Path out = dir.resolve("out");
    WriteToFilesSink sink = sink(out, "jsonl", 1);
    sink.open();
    Row row = new Row(spec(out, "jsonl").inputSchema().orElseThrow());
    sink.processRecord(row.setString(0, "x").setLong(1, 1));

    sink.rollToPending();

    assertThat(sink.pending()).hasSize(1);
    assertThat(names(out)).allSatisfy(n -> assertThat(n).startsWith("."));
    sink.close(); // failure before the commit: the pending file goes too
    assertThat(names(out)).isEmpty();
  }

  private static OperatorSpec spec(Path out, String format) throws Exception {
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

  private static WriteToFilesSink sink(Path out, String format, int subtask) throws Exception {
    return new WriteToFilesSink(
        OperatorTesting.context(spec(out, format), subtask, 4, Clock.SYSTEM));
  }

  private static List<String> names(Path out) throws Exception {
    try (Stream<Path> files = Files.list(out)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
