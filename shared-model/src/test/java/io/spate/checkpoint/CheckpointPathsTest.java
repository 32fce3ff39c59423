package io.spate.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layout both processes rely on, and the durable write. */
class CheckpointPathsTest {

    @TempDir Path dir;

    @Test
    void stateAndMetadataLiveInTheCheckpointsDirectory() {
        assertThat(CheckpointPaths.checkpointDir("job", 7)).isEqualTo("job/chk-7");
        assertThat(CheckpointPaths.stateHandle("job/1", 7, "v:1", 3))
                .isEqualTo("job_1/chk-7/v_1-3.state");
        assertThat(CheckpointPaths.metadata("job", 7)).isEqualTo("job/chk-7/_metadata");
    }

    @Test
    void sanitizeKeepsSafeCharactersAndNeverClimbs() {
        assertThat(CheckpointPaths.sanitize("a.B-c_9")).isEqualTo("a.B-c_9");
        assertThat(CheckpointPaths.sanitize("a/b c")).isEqualTo("a_b_c");
        assertThat(CheckpointPaths.sanitize("..")).isEqualTo("_..");
        assertThat(CheckpointPaths.sanitize("")).isEqualTo("_");
    }

    @Test
    void aDurableWriteLeavesTheWholeFileAndNoTemporary() throws Exception {
        Path target = dir.resolve("job/chk-1/_metadata");
        DurableFiles.write(target, "first".getBytes());
        DurableFiles.write(target, "second".getBytes());
        assertThat(target).hasContent("second");
        try (var files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }
}
