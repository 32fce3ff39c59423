package io.spate.executor.operators;

import io.spate.record.Row;
import java.io.BufferedWriter;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code WriteToFiles}: each subtask writes its records, one line each ({@link RowFormat}), to its
 * own files under the directory {@code path}, committed per checkpoint (two-phase commit, Flink:
 * FileSink). Readers see only <b>committed</b> files: names that start with neither {@code .} nor
 * {@code _}. Task thread only.
 *
 * <pre>
 *   path/.part-&lt;subtask&gt;-&lt;attempt&gt;-&lt;k&gt;.inprogress   being written (hidden; attempts never share one)
 *        │ snapshot n: close it (if it has data), fsync: pending for n   (finish: pending, n not yet known)
 *        ▼
 *   pending list (hidden name, committed name)          listed in every snapshot until committed
 *        │ checkpoint n complete (or restore from n): atomic rename of pending files of ids &lt;= n
 *        ▼
 *   path/part-&lt;subtask&gt;-&lt;n&gt;.csv | .jsonl               committed; n is the checkpoint id
 * </pre>
 *
 * Checkpoint ids are unique and increasing for a job across restarts, so committed names never
 * collide. {@link #finish} only rolls the tail: the job's final checkpoint (taken after the input
 * ended) assigns it its id and its completion commits it. On restore from checkpoint n, the pending
 * files of the snapshot belong to completed checkpoints and are committed (idempotently); then
 * every other hidden file of this subtask from other attempts is deleted. {@link #close} deletes
 * the in-progress file and pending files that no snapshot lists yet; pending files a snapshot
 * listed are kept, since their checkpoint may have completed on the coordinator even if its
 * notification never arrived here: the next restore commits or deletes them.
 */
public final class WriteToFilesSink implements OneInputOperator {

    /**
     * A closed file waiting for its commit.
     *
     * @param checkpointId the checkpoint that commits it; -1 until a snapshot assigns one
     * @param committed the visible name it will get (null while {@code checkpointId} is -1)
     */
    public record PendingFile(Path inProgress, Path committed, long checkpointId) {}

    private final Path dir;
    private final RowFormat format;
    private final int subtask;
    private final int attempt;
    private final StringBuilder line = new StringBuilder(128);
    private final List<PendingFile> pending = new ArrayList<>();
    private final Set<Path> snapshotted = new HashSet<>();
    private final List<PendingFile> restored = new ArrayList<>();
    private FileOutputStream stream;
    private Writer writer;
    private Path inProgress;
    private long recordsInFile;
    private int nextFile;
    private long records;

    public WriteToFilesSink(OperatorContext context) {
        this.dir = Path.of(context.spec().config().getString("path"));
        this.format = RowFormat.named(context.spec().config().getString("format"));
        this.subtask = context.subtaskIndex();
        this.attempt = context.attemptNumber();
    }

    @Override
    public void open() throws IOException {
        Files.createDirectories(dir);
        commitRestored();
        deleteOtherAttemptsFiles();
    }

    @Override
    public void processRecord(Row row) throws IOException {
        if (writer == null) {
            startFile();
        }
        line.setLength(0);
        format.append(row, line);
        writer.append(line);
        recordsInFile++;
        records++;
    }

    /** Rolls the tail to pending; it is committed by the final checkpoint, not here. */
    @Override
    public void finish() throws IOException {
        rollToPending();
    }

    /**
     * State: {@code [files: int]} then per pending file {@code [checkpoint id: long][hidden name:
     * UTF][committed name: UTF]}, names relative to {@code path}.
     */
    @Override
    public void snapshotState(long checkpointId, DataOutput out) throws IOException {
        rollToPending();
        int unassigned = 0;
        for (int i = 0; i < pending.size(); i++) {
            PendingFile file = pending.get(i);
            if (file.checkpointId() < 0) {
                // At most one in practice (one in-progress file at a time); a suffix keeps any
                // other apart.
                String name =
                        "part-"
                                + subtask
                                + "-"
                                + checkpointId
                                + (unassigned++ == 0 ? "" : "-" + (unassigned - 1))
                                + "."
                                + format.extension();
                pending.set(i, new PendingFile(file.inProgress(), dir.resolve(name), checkpointId));
            }
        }
        out.writeInt(pending.size());
        for (PendingFile file : pending) {
            out.writeLong(file.checkpointId());
            out.writeUTF(file.inProgress().getFileName().toString());
            out.writeUTF(file.committed().getFileName().toString());
            snapshotted.add(file.inProgress());
        }
    }

    @Override
    public void restoreState(DataInput in) throws IOException {
        int files = in.readInt();
        if (files < 0) {
            throw new IOException("WriteToFiles state: negative file count " + files);
        }
        restored.clear();
        for (int i = 0; i < files; i++) {
            long checkpointId = in.readLong();
            Path hidden = dir.resolve(in.readUTF());
            Path committed = dir.resolve(in.readUTF());
            if (!hidden.getParent().equals(dir) || !committed.getParent().equals(dir)) {
                throw new IOException("WriteToFiles state: a file name with a directory in it");
            }
            restored.add(new PendingFile(hidden, committed, checkpointId));
        }
    }

    /** Commits the pending files of every checkpoint up to {@code checkpointId}. */
    @Override
    public void notifyCheckpointComplete(long checkpointId) throws IOException {
        while (!pending.isEmpty()) {
            PendingFile file = pending.getFirst();
            if (file.checkpointId() < 0 || file.checkpointId() > checkpointId) {
                return; // pending files are in checkpoint order
            }
            Files.move(file.inProgress(), file.committed(), StandardCopyOption.ATOMIC_MOVE);
            pending.removeFirst();
            snapshotted.remove(file.inProgress());
        }
    }

    /** Closes the in-progress file (if it has data) and queues it for commit. */
    void rollToPending() throws IOException {
        if (writer == null) {
            return;
        }
        writer.flush();
        stream.getFD().sync(); // a pre-committed file must survive what the checkpoint survives
        writer.close();
        writer = null;
        stream = null;
        if (recordsInFile == 0) {
            Files.deleteIfExists(inProgress);
        } else {
            pending.add(new PendingFile(inProgress, null, -1));
        }
        inProgress = null;
        recordsInFile = 0;
    }

    /** Files closed but not yet committed, oldest first. */
    public List<PendingFile> pending() {
        return List.copyOf(pending);
    }

    public long records() {
        return records;
    }

    /** Deletes the in-progress file and pending files no snapshot lists (see the class comment). */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                failure = e;
            }
            writer = null;
            stream = null;
        }
        List<Path> discard = new ArrayList<>();
        if (inProgress != null) {
            discard.add(inProgress);
            inProgress = null;
        }
        for (PendingFile file : pending) {
            if (!snapshotted.contains(file.inProgress())) {
                discard.add(file.inProgress());
            }
        }
        pending.clear();
        for (Path file : discard) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The restored pending files belong to completed checkpoints: make them visible. */
    private void commitRestored() throws IOException {
        for (PendingFile file : restored) {
            if (Files.exists(file.inProgress())) {
                Files.move(file.inProgress(), file.committed(), StandardCopyOption.ATOMIC_MOVE);
            } else if (!Files.exists(file.committed())) {
                throw new IOException(
                        "WriteToFiles: "
                                + file.inProgress()
                                + " of completed checkpoint "
                                + file.checkpointId()
                                + " is gone and "
                                + file.committed()
                                + " does not exist: that output is lost");
            }
        }
        restored.clear();
    }

    /** Hidden files of this subtask written by other attempts can never be committed any more. */
    private void deleteOtherAttemptsFiles() throws IOException {
        String prefix = ".part-" + subtask + "-";
        List<Path> strays = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(
                    file -> {
                        String name = file.getFileName().toString();
                        if (name.startsWith(prefix) && name.endsWith(".inprogress")) {
                            int end = prefix.length();
                            while (end < name.length() && Character.isDigit(name.charAt(end))) {
                                end++;
                            }
                            if (end > prefix.length()
                                    && !name.substring(prefix.length(), end)
                                            .equals(Integer.toString(attempt))) {
                                strays.add(file);
                            }
                        }
                    });
        }
        for (Path stray : strays) {
            Files.deleteIfExists(stray);
        }
    }

    private void startFile() throws IOException {
        inProgress =
                dir.resolve(".part-" + subtask + "-" + attempt + "-" + nextFile++ + ".inprogress");
        // FileOutputStream, not Files.newOutputStream: an interrupt (cancel) must not close it
        // under
        // us mid-write; cancel deletes the file anyway.
        stream = new FileOutputStream(inProgress.toFile());
        writer =
                new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
    }
}
