package io.spate.coordinator.usercode;

import io.spate.jobspec.UserJarIds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The coordinator's uploaded jars (Flink: the WebMonitor's jar directory plus the BlobServer's
 * store): files {@code <dir>/<uuid>_<name>.jar}, each checked to be a zip whose class entries are
 * class files when it arrives, indexed with its SHA-256 (the key executors fetch it by) and the
 * function classes it holds. The index is rebuilt from the directory at start, so uploads survive a
 * coordinator restart. Nothing here loads a class.
 *
 * <p>Threads: any; blocking (file IO), so never call it on an event loop. One lock guards the
 * index; hashing and checking an upload happen outside it.
 */
public final class JarStore {

    private static final Logger LOG = Logger.getLogger(JarStore.class);

    private final Path dir;
    private final long maxJarSize;
    private final Map<String, StoredJar> jars = new LinkedHashMap<>();

    /**
     * @throws IOException if the directory cannot be made or read
     */
    public JarStore(Path dir, long maxJarSize) throws IOException {
        this.dir = dir;
        this.maxJarSize = maxJarSize;
        Files.createDirectories(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path f : files) {
                String id = f.getFileName().toString();
                if (!UserJarIds.ID.matcher(id).matches()) {
                    continue;
                }
                try {
                    jars.put(
                            id,
                            index(
                                    id,
                                    id.substring(37),
                                    Files.getLastModifiedTime(f).toMillis(),
                                    f,
                                    hash(f)));
                } catch (IOException e) {
                    LOG.warnf("jar %s is unusable, skipped: %s", f, e.getMessage());
                }
            }
        }
        if (!jars.isEmpty()) {
            LOG.infof("%d uploaded jar(s) in %s", jars.size(), dir);
        }
    }

    public long maxJarSize() {
        return maxJarSize;
    }

    /**
     * Stores {@code upload} (a temporary file, moved away) as a new jar named after {@code name}.
     *
     * @throws BadJarException if it is not a jar, or larger than the limit
     * @throws IOException if it cannot be stored
     */
    public StoredJar add(Path upload, String name) throws IOException {
        long size = Files.size(upload);
        if (size > maxJarSize) {
            throw new JarTooLargeException(size, maxJarSize);
        }
        String safe = safeName(name);
        String id = UUID.randomUUID() + "_" + safe;
        Path file = dir.resolve(id);
        Path partial = dir.resolve("." + id + ".part");
        Files.copy(upload, partial, StandardCopyOption.REPLACE_EXISTING);
        StoredJar jar;
        try {
            jar = index(id, safe, System.currentTimeMillis(), partial, hash(partial));
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw new BadJarException(name + ": " + e.getMessage());
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        jar =
                new StoredJar(
                        jar.id(),
                        jar.name(),
                        jar.uploaded(),
                        jar.sha256(),
                        jar.size(),
                        file,
                        jar.functions(),
                        jar.classes());
        synchronized (this) {
            jars.put(id, jar);
        }
        LOG.infof(
                "jar %s uploaded: %d bytes, SHA-256 %s, functions %s",
                id, size, jar.sha256(), jar.functions().keySet());
        return jar;
    }

    /** Every jar, newest first (Flink's GET /jars order). */
    public synchronized List<StoredJar> list() {
        List<StoredJar> all = new ArrayList<>(jars.values());
        all.sort(Comparator.comparingLong(StoredJar::uploaded).reversed());
        return all;
    }

    public synchronized Optional<StoredJar> find(String id) {
        return Optional.ofNullable(jars.get(id));
    }

    public synchronized Optional<StoredJar> findByHash(String sha256) {
        return jars.values().stream().filter(j -> j.sha256().equals(sha256)).findFirst();
    }

    /**
     * Deletes a jar. Jobs already submitted keep running: executors that fetched it have it in
     * their cache; a restart on a new executor fails to fetch it.
     *
     * @return false if there is no such jar
     */
    public boolean delete(String id) throws IOException {
        StoredJar jar;
        synchronized (this) {
            jar = jars.remove(id);
        }
        if (jar == null) {
            return false;
        }
        Files.deleteIfExists(jar.file());
        LOG.infof("jar %s deleted", id);
        return true;
    }

    private static StoredJar index(String id, String name, long uploaded, Path file, String sha256)
            throws IOException {
        JarClasses classes = JarClasses.read(file);
        return new StoredJar(
                id, name, uploaded, sha256, Files.size(file), file, classes.functions(), classes);
    }

    /** The uploaded name cut to safe characters, ending in .jar. */
    static String safeName(String name) {
        String base = name == null ? "" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.endsWith(".jar")) {
            base = base.substring(0, base.length() - 4);
        }
        if (base.isEmpty() || base.chars().allMatch(c -> c == '.')) {
            base = "upload";
        }
        if (base.length() > 200) {
            base = base.substring(0, 200);
        }
        return base + ".jar";
    }

    static String hash(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Not a jar: 400. */
    public static final class BadJarException extends IOException {
        BadJarException(String message) {
            super(message);
        }
    }

    /** Beyond {@code spate.jobs.max-jar-size}: 413. */
    public static final class JarTooLargeException extends IOException {
        JarTooLargeException(long size, long max) {
            super("jarfile: " + size + " bytes; spate.jobs.max-jar-size is " + max + " bytes");
        }
    }
}
