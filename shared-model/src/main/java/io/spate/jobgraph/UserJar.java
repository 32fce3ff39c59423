package io.spate.jobgraph;

import java.util.Objects;

/**
 * A jar of user code a job needs (src-docs/java-functions.md), as the coordinator stored it: its id
 * from {@code POST /jars/upload} and the SHA-256 of its bytes, by which executors fetch it from the
 * coordinator's blob store, check it and cache it (Flink: the BlobServer's PermanentBlobKey).
 *
 * @param sha256 64 lower-case hex digits; empty in a graph the coordinator has not checked yet
 */
public record UserJar(String id, String sha256) {

    public UserJar {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sha256, "sha256");
        if (!sha256.isEmpty() && !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("jar " + id + ": not a SHA-256: " + sha256);
        }
    }
}
