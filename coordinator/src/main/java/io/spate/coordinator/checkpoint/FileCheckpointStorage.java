package io.spate.coordinator.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spate.checkpoint.CheckpointPaths;
import io.spate.checkpoint.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Checkpoints as files under {@code spate.checkpoints.dir} (shared by every process):
 *
 * <pre>
 *   &lt;dir&gt;/&lt;job id&gt;/chk-&lt;n&gt;/&lt;vertex&gt;-&lt;subtask&gt;.state   written by each task (executor)
 *   &lt;dir&gt;/&lt;job id&gt;/chk-&lt;n&gt;/_metadata                 written here, last: JSON, write + rename
 * </pre>
 *
 * ({@link CheckpointPaths}). A {@code chk-n} directory without {@code _metadata} is an incomplete
 * checkpoint. The metadata is written durably ({@link DurableFiles}). All IO runs on {@code io}
 * (never on an event loop).
 */
public final class FileCheckpointStorage implements CheckpointStorage {

    private static final Logger LOG = Logger.getLogger(FileCheckpointStorage.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Executor io;

    public FileCheckpointStorage(Path dir, Executor io) {
        this.dir = dir;
        this.io = io;
    }

    /** {@code <dir>/<job>/chk-<n>} ({@link CheckpointPaths}, the layout the executors use too). */
    public Path checkpointDir(String jobId, long id) {
        return dir.resolve(CheckpointPaths.checkpointDir(jobId, id));
    }

    @Override
    public CompletableFuture<Void> store(CompletedCheckpoint checkpoint) {
        byte[] bytes = toJson(checkpoint); // on the caller's thread: the record is immutable anyway
        return CompletableFuture.runAsync(
                () -> {
                    Path target =
                            dir.resolve(
                                    CheckpointPaths.metadata(checkpoint.jobId(), checkpoint.id()));
                    try {
                        DurableFiles.write(target, bytes);
                    } catch (IOException e) {
                        throw new UncheckedIOException("writing " + target, e);
                    }
                },
                io);
    }

    /** {@code <dir>/<job>}: every checkpoint of the job. */
    public Path jobDir(String jobId) {
        return dir.resolve(CheckpointPaths.sanitize(jobId));
    }

    @Override
    public void discard(String jobId, long id) {
        io.execute(() -> deleteTree(checkpointDir(jobId, id)));
    }

    @Override
    public void discardJob(String jobId) {
        io.execute(() -> deleteTree(jobDir(jobId)));
    }

    private static void deleteTree(Path target) {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // Not following links: a link planted in the tree must not delete what it points to.
        try (Stream<Path> files = Files.walk(target)) {
            List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("could not delete checkpoint files %s: %s", target, e.toString());
        }
    }

    static byte[] toJson(CompletedCheckpoint checkpoint) {
        ObjectNode root = JSON.createObjectNode();
        root.put("job", checkpoint.jobId());
        root.put("id", checkpoint.id());
        root.put("trigger-time", checkpoint.triggerTimeMs());
        root.put("duration", checkpoint.durationMs());
        root.put("state-size", checkpoint.stateSize());
        ArrayNode tasks = root.putArray("tasks");
        checkpoint.states().values().stream()
                .sorted(Comparator.comparing(TaskStateHandle::subtaskKey))
                .forEach(
                        s ->
                                tasks.addObject()
                                        .put("vertex", s.vertexId())
                                        .put("subtask", s.subtaskIndex())
                                        .put("handle", s.handle())
                                        .put("size", s.size())
                                        .put("alignment-nanos", s.alignmentNanos())
                                        .put("sync-nanos", s.syncNanos())
                                        .put("async-nanos", s.asyncNanos()));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
