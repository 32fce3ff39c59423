package io.spate.executor.usercode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The executor's on-disk cache of blobs by content hash (Flink: the TaskExecutor's BlobCache):
 * {@code <dir>/<sha256>.jar}. A blob not there is fetched from the {@link BlobSource} into a
 * temporary file, its SHA-256 checked, then moved into place atomically: a file under its final
 * name always holds exactly the bytes its name says, whoever wrote it (several executors may share
 * the directory), and a blob whose bytes do not match its hash is refused and never cached. A
 * cached file is checked again before use, so a file damaged on disk is fetched anew.
 *
 * <p>Threads: any; two threads fetching one blob at once each write their own temporary file, and
 * the second move replaces an identical file.
 */
public final class BlobCache {

    private static final Logger LOG = Logger.getLogger(BlobCache.class);

    /** Bytes per fetch call: well under gRPC's 4 MiB message limit. */
    static final int CHUNK = 1 << 20;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;
    private final BlobSource source;
    private final long maxBytes;

    /**
     * @param maxBytes the largest blob fetched; a longer one is refused (the coordinator's bound)
     */
    public BlobCache(Path dir, BlobSource source, long maxBytes) {
        this.dir = dir;
        this.source = source;
        this.maxBytes = maxBytes;
    }

    public Path dir() {
        return dir;
    }

    /**
     * The cached file of blob {@code sha256}, fetched first if needed. Blocks.
     *
     * @throws IOException if it cannot be fetched, or what was fetched does not hash to {@code
     *     sha256}
     */
    public Path get(String sha256) throws IOException {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IOException("not a SHA-256: \"" + sha256 + "\"");
        }
        Path file = dir.resolve(sha256 + ".jar");
        if (Files.isRegularFile(file)) {
            if (sha256.equals(hashOf(file))) {
                return file;
            }
            LOG.warnf("cached blob %s does not match its hash; fetching it again", file);
            Files.deleteIfExists(file);
        }
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, ".fetch-" + sha256.substring(0, 12), ".part");
        try {
            MessageDigest digest = sha256Digest();
            long offset = 0;
            try (OutputStream out = Files.newOutputStream(partial)) {
                while (true) {
                    byte[] chunk = source.read(sha256, offset, CHUNK);
                    if (chunk.length == 0) {
                        break;
                    }
                    offset += chunk.length;
                    if (offset > maxBytes) {
                        throw new IOException(
                                "blob " + sha256 + " is larger than " + maxBytes + " bytes");
                    }
                    digest.update(chunk);
                    out.write(chunk);
                }
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha256)) {
                throw new IOException(
                        "blob "
                                + sha256
                                + " fetched with SHA-256 "
                                + actual
                                + " ("
                                + offset
                                + " bytes): refused");
            }
            try {
                Files.move(
                        partial,
                        file,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
            LOG.infof("fetched blob %s (%d bytes) into %s", sha256, offset, dir);
            return file;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The SHA-256 of a file, as 64 lower-case hex digits. */
    public static String hashOf(Path file) throws IOException {
        MessageDigest digest = sha256Digest();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
