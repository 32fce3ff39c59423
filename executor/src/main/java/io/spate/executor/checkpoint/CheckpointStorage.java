package io.spate.executor.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where task state files live under {@code spate.checkpoints.dir} (the descriptor's {@code
 * checkpoints_dir}): {@code <job id>/chk-<n>/<vertex id>-<subtask>.state}, ids reduced to {@code
 * [A-Za-z0-9._-]}. The relative path is the state handle the acknowledgement carries. Stateless and
 * thread-safe: writes happen on the checkpoint writer threads, reads on a task thread at restore.
 */
public final class CheckpointStorage {

  private final Path root;

  public CheckpointStorage(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /**
   * The state handle (relative path, '/'-separated) of a subtask's file for checkpoint {@code n}.
   */
  public static String handle(String jobId, long checkpointId, String vertexId, int subtask) {
    return sanitize(jobId)
        + "/chk-"
        + checkpointId
        + "/"
        + sanitize(vertexId)
        + "-"
        + subtask
        + ".state";
  }

  /** Replaces every character outside {@code [A-Za-z0-9._-]} by {@code _}. */
  public static String sanitize(String id) {
    StringBuilder out = new StringBuilder(id.length());
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c >= '0' && c <= '9'
              || c == '.'
              || c == '_'
              || c == '-';
      out.append(ok ? c : '_');
    }
    // "." and ".." would climb the tree.
    return out.isEmpty() || out.toString().equals(".") || out.toString().equals("..")
        ? "_" + out
        : out.toString();
  }

  /**
   * Writes {@code bytes} to the handle's file durably: a temporary name in the same directory,
   * forced to disk, then atomically renamed, so a reader sees the whole file or none.
   */
  public void write(String handle, byte[] bytes) throws IOException {
    Path target = resolve(handle);
    Files.createDirectories(target.getParent());
    Path temp =
        target.resolveSibling(
            "." + target.getFileName() + ".tmp-" + Long.toUnsignedString(System.nanoTime(), 36));
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
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
      throw new NoSuchFileException(file.toString(), null, "checkpoint state file is missing");
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
