package io.spate.coordinator.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata written next to the task state, atomically; discard removes the checkpoint. */
class FileCheckpointStorageTest {

    @TempDir Path dir;

    private static CompletedCheckpoint checkpoint(long id) {
        return new CompletedCheckpoint(
                "job",
                id,
                1_000,
                25,
                Map.of(
                        "v1/0",
                                new TaskStateHandle(
                                        "v1", 0, "job/chk-" + id + "/v1-0.state", 10, 0),
                        "v2/0",
                                new TaskStateHandle(
                                        "v2", 0, "job/chk-" + id + "/v2-0.state", 32, 5_000)));
    }

    @Test
    void writesTheMetadataBesideTheTaskState() throws Exception {
        FileCheckpointStorage storage = new FileCheckpointStorage(dir, Runnable::run);
        Files.createDirectories(dir.resolve("job/chk-7"));
        Files.writeString(dir.resolve("job/chk-7/v1-0.state"), "state");

        storage.store(checkpoint(7)).join();

        Path metadata = dir.resolve("job/chk-7/_metadata");
        assertThat(metadata).exists();
        assertThat(dir.resolve("job/chk-7/_metadata.tmp")).doesNotExist();
        JsonNode json = new ObjectMapper().readTree(metadata.toFile());
        assertThat(json.get("id").asLong()).isEqualTo(7);
        assertThat(json.get("state-size").asLong()).isEqualTo(42);
        assertThat(json.get("tasks")).hasSize(2);
        assertThat(json.get("tasks").get(1).get("handle").asText())
                .isEqualTo("job/chk-7/v2-0.state");
    }

    @Test
    void discardDeletesTheWholeCheckpoint() throws Exception {
        FileCheckpointStorage storage = new FileCheckpointStorage(dir, Runnable::run);
        Files.createDirectories(dir.resolve("job/chk-3"));
        Files.writeString(dir.resolve("job/chk-3/v1-0.state"), "state");
        storage.store(checkpoint(3)).join();
        storage.store(checkpoint(4)).join();

        storage.discard("job", 3);
        storage.discard("job", 99); // nothing there: no error

        assertThat(dir.resolve("job/chk-3")).doesNotExist();
        assertThat(dir.resolve("job/chk-4/_metadata")).exists();
    }

    @Test
    void discardJobRemovesTheJobsDirectoryButNotWhatALinkInItPointsTo() throws Exception {
        FileCheckpointStorage storage = new FileCheckpointStorage(dir, Runnable::run);
        Files.createDirectories(dir.resolve("job/chk-3"));
        Files.writeString(dir.resolve("job/chk-3/v1-0.state"), "state");
        storage.store(checkpoint(3)).join();
        Path outside = Files.createDirectories(dir.resolve("precious"));
        Files.writeString(outside.resolve("keep.txt"), "not a checkpoint");
        Files.createSymbolicLink(dir.resolve("job/chk-3/planted"), outside);
        Files.createDirectories(dir.resolve("other-job/chk-1"));

        storage.discardJob("job");

        assertThat(dir.resolve("job")).doesNotExist();
        assertThat(outside.resolve("keep.txt")).hasContent("not a checkpoint");
        assertThat(dir.resolve("other-job/chk-1")).exists();
        storage.discardJob("job"); // gone already: no error
    }

    @Test
    void aWriteThatCannotHappenFailsTheFuture() throws Exception {
        Files.writeString(dir.resolve("job"), "a file where the job directory should be");
        FileCheckpointStorage storage = new FileCheckpointStorage(dir, Runnable::run);
        assertThatThrownBy(() -> storage.store(checkpoint(1)).join())
                .hasMessageContaining("_metadata");
    }
}
