package io.spate.executor.operators;

import io.spate.record.Row;
import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code WriteToFiles}: each subtask writes its records, one line each ({@link RowFormat}), to its
 * own files under the directory {@code path}. Readers see only <b>committed</b> files: names that
 * start with neither {@code .} nor {@code _}.
 *
 * <pre>
 *   path/.part-&lt;subtask&gt;-&lt;attempt&gt;.inprogress   being written (hidden)
 *        │ roll: close it, it becomes pending        (end of input; later: a checkpoint)
 *        ▼
 *   pending list                                       still hidden
 *        │ commit: atomic rename                     (end of input; later: checkpoint complete)
 *        ▼
 *   path/part-&lt;subtask&gt;-&lt;n&gt;.csv | .jsonl          committed, n = 0, 1, ... per subtask
 * </pre>
 *
 * Without checkpoints a subtask rolls and commits once, when its input ends, so its output is
 * all-or-nothing: {@link #close} after a failure or cancel deletes the in-progress file and any
 * pending one. Two-phase commit per checkpoint (the checkpoint issue) rolls at the barrier and
 * commits the pending files of checkpoint n when it completes.
 */
public final class WriteToFilesSink implements OneInputOperator {

  /** A closed file waiting for its commit, and the name it will get. */
  public record PendingFile(Path inProgress, Path committed) {}

  private final Path dir;
  private final RowFormat format;
  private final int subtask;
  private final int attempt;
  private final StringBuilder line = new StringBuilder(128);
  private final List<PendingFile> pending = new ArrayList<>();
  private Writer writer;
  private Path inProgress;
  private int nextPart;
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
    startFile();
  }

  @Override
  public void processRecord(Row row) throws IOException {
    line.setLength(0);
    format.append(row, line);
    writer.append(line);
    records++;
  }

  @Override
  public void finish() throws IOException {
    rollToPending();
    commitPending();
  }

  /** Closes the in-progress file and queues it for commit (no new file is started here). */
  public void rollToPending() throws IOException {
    if (writer == null) {
      return;
    }
    writer.close();
    writer = null;
    Path committed = dir.resolve("part-" + subtask + "-" + nextPart++ + "." + format.extension());
    pending.add(new PendingFile(inProgress, committed));
    inProgress = null;
  }

  /** Makes every pending file visible by an atomic rename. */
  public void commitPending() throws IOException {
    while (!pending.isEmpty()) {
      PendingFile file = pending.getFirst();
      Files.move(file.inProgress(), file.committed(), StandardCopyOption.ATOMIC_MOVE);
      pending.removeFirst();
    }
  }

  /** Files closed but not yet committed. */
  public List<PendingFile> pending() {
    return List.copyOf(pending);
  }

  public long records() {
    return records;
  }

  /** Deletes whatever was not committed. */
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
    }
    List<Path> discard = new ArrayList<>();
    if (inProgress != null) {
      discard.add(inProgress);
      inProgress = null;
    }
    pending.forEach(p -> discard.add(p.inProgress()));
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

  private void startFile() throws IOException {
    inProgress = dir.resolve(".part-" + subtask + "-" + attempt + ".inprogress");
    // FileOutputStream, not Files.newOutputStream: an interrupt (cancel) must not close it under
    // us mid-write; cancel deletes the file anyway.
    writer =
        new BufferedWriter(
            new OutputStreamWriter(
                new FileOutputStream(inProgress.toFile()), StandardCharsets.UTF_8),
            1 << 16);
  }
}
