package io.spate.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spate.clock.Clock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadFromTextSourceTest {

    @TempDir Path dir;

    @Test
    void filesOfADirectoryAreSortedByNameAndDealtToSubtasks() throws Exception {
        Files.writeString(dir.resolve("b.txt"), "b1\nb2\n");
        Files.writeString(dir.resolve("a.txt"), "a1\r\na2");
        Files.writeString(dir.resolve("c.txt"), "c1\n\nc3\n");
        Files.createDirectory(dir.resolve("d-subdir"));

        assertThat(lines(dir, 0, 2)).containsExactly("a1", "a2", "c1", "", "c3");
        assertThat(lines(dir, 1, 2)).containsExactly("b1", "b2");
        assertThat(lines(dir.resolve("b.txt"), 0, 1)).containsExactly("b1", "b2");
    }

    @Test
    void aMissingPathIsNamed() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> lines(missing, 0, 1))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("ReadFromText");
    }

    private static List<String> lines(Path path, int subtask, int parallelism) throws Exception {
        var spec =
                OperatorTesting.spec(
                        """
            name: text
            pipeline:
              transforms:
                - type: ReadFromText
                  config: {path: "%s"}
                - type: Discard
            """
                                .formatted(path),
                        "ReadFromText");
        OperatorTesting.CollectingOutput out = new OperatorTesting.CollectingOutput();
        ReadFromTextSource source =
                new ReadFromTextSource(
                        OperatorTesting.context(spec, subtask, parallelism, Clock.SYSTEM), out);
        try {
            source.open();
            while (source.emitBatch(2) != SourceOperator.Progress.END) {}
        } finally {
            source.close();
        }
        return out.strings(0);
    }
}
