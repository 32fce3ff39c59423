package io.spate.executor.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileFormatTest {

    @TempDir Path dir;

    private static TaskStateSnapshot snapshot() {
        return new TaskStateSnapshot(
                7,
                "vertex-1",
                3,
                List.of(
                        new OperatorState(0, "Words", new byte[] {1, 2, 3}),
                        new OperatorState(1, "Discard", new byte[0])));
    }

    @Test
    void roundTripsEveryOperatorSectionAndTheHeader() throws Exception {
        TaskStateSnapshot decoded =
                StateFileFormat.decode(StateFileFormat.encode(snapshot()), "mem");

        assertThat(decoded.checkpointId()).isEqualTo(7);
        assertThat(decoded.vertexId()).isEqualTo("vertex-1");
        assertThat(decoded.subtask()).isEqualTo(3);
        assertThat(decoded.operators()).hasSize(2);
        assertThat(decoded.operators().get(0).name()).isEqualTo("Words");
        assertThat(decoded.operators().get(0).state()).containsExactly(1, 2, 3);
        assertThat(decoded.operators().get(1).position()).isEqualTo(1);
        assertThat(decoded.operators().get(1).state()).isEmpty();
    }

    @Test
    void aFlippedByteIsACorruptFile() {
        byte[] bytes = StateFileFormat.encode(snapshot());
        bytes[bytes.length - 6] ^= 0x40;

        assertThatThrownBy(() -> StateFileFormat.decode(bytes, "f.state"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("f.state")
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void otherBytesAreNotAStateFile() {
        assertThatThrownBy(() -> StateFileFormat.decode("hello, world!".getBytes(), "f.state"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a Spate state file");
        assertThatThrownBy(() -> StateFileFormat.decode(new byte[3], "f.state"))
                .hasMessageContaining("not a Spate state file");
    }

    @Test
    void aTruncatedFileIsRefused() {
        byte[] bytes = StateFileFormat.encode(snapshot());
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 5);

        assertThatThrownBy(() -> StateFileFormat.decode(truncated, "f.state"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("f.state");
    }

    @Test
    void storageWritesAtomicallyUnderTheHandleAndReadsBack() throws Exception {
        TaskStateFiles storage = new TaskStateFiles(dir);
        String handle = TaskStateFiles.handle("job/1", 7, "v:1", 3);

        storage.write(handle, StateFileFormat.encode(snapshot()));

        assertThat(handle).isEqualTo("job_1/chk-7/v_1-3.state");
        assertThat(storage.read(handle).operators()).hasSize(2);
        try (var files = Files.list(dir.resolve("job_1/chk-7"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("v_1-3.state");
        }
        assertThatThrownBy(() -> storage.read("job_1/chk-8/v_1-3.state"))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("chk-8");
        assertThatThrownBy(() -> storage.read("../outside.state")).hasMessageContaining("outside");
    }
}
