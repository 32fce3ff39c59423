package io.spate.executor.checkpoint;

import io.spate.checkpoint.CheckpointPaths;
import io.spate.checkpoint.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where task state files live under {@code spate.checkpoints.dir} (the descriptor's {@code
 * checkpoints_dir}), laid out by {@link CheckpointPaths} (shared with the coordinator). The
 * relative path is the state handle the acknowledgement carries. Stateless and thread-safe: writes
 * happen on the checkpoint writer threads, reads on a task thread at restore.
 */
public final class TaskStateFiles {

    private final Path root;

    public TaskStateFiles(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The state handle of a subtask's file for checkpoint {@code n} ({@link CheckpointPaths}). */
    public static String handle(String jobId, long checkpointId, String vertexId, int subtask) {
        return CheckpointPaths.stateHandle(jobId, checkpointId, vertexId, subtask);
    }

    /** Writes {@code bytes} to the handle's file durably ({@link DurableFiles}). */
    public void write(String handle, byte[] bytes) throws IOException {
        DurableFiles.write(resolve(handle), bytes);
    }

    /**
     * Reads and decodes the handle's file.
     *
     * @throws IOException naming the file when it is missing or not a valid state file
     */
    public TaskStateSnapshot read(String handle) throws IOException {
        Path file = resolve(handle);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(
                    file.toString(), null, "checkpoint state file is missing");
        }
        return StateFileFormat.decode(bytes, file.toString());
    }

    private Path resolve(String handle) throws IOException {
        Path file = root.resolve(handle).normalize();
        if (!file.startsWith(root.normalize())) {
            throw new IOException("state handle " + handle + " points outside " + root);
        }
        return file;
    }
}
