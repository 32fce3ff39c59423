package io.spate.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes a checkpoint file so that readers see all of it or nothing, and it survives a crash. */
public final class DurableFiles {

    private DurableFiles() {}

    /**
     * Writes {@code bytes} to {@code target}: a temporary name in the same directory, forced to
     * disk, then atomically renamed. Blocking IO: never on an event loop.
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp =
                target.resolveSibling(
                        "."
                                + target.getFileName()
                                + ".tmp-"
                                + Long.toUnsignedString(System.nanoTime(), 36));
        try {
            try (FileChannel channel =
                    FileChannel.open(
                            temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
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
}
