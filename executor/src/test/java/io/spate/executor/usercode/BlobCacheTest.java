package io.spate.executor.usercode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobCacheTest {

    @TempDir Path dir;

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(BlobCache.sha256Digest().digest(bytes));
    }

    /** A source serving {@code bytes} in small chunks, counting its calls. */
    private static BlobSource serving(byte[] bytes, AtomicInteger calls) {
        return (sha, offset, max) -> {
            calls.incrementAndGet();
            int from = (int) Math.min(offset, bytes.length);
            return Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + 1000));
        };
    }

    @Test
    void fetchesOnceAndCachesByHash() throws IOException {
        byte[] blob = new byte[3500];
        Arrays.fill(blob, (byte) 7);
        AtomicInteger calls = new AtomicInteger();
        BlobCache cache = new BlobCache(dir, serving(blob, calls), 1 << 20);
        Path file = cache.get(sha256(blob));
        assertThat(Files.readAllBytes(file)).isEqualTo(blob);
        assertThat(file.getFileName().toString()).isEqualTo(sha256(blob) + ".jar");
        int fetches = calls.get();
        assertThat(fetches).isEqualTo(5); // 4 chunks and the empty end
        assertThat(cache.get(sha256(blob))).isEqualTo(file);
        assertThat(calls.get()).as("cached: no second fetch").isEqualTo(fetches);
    }

    @Test
    void bytesThatDoNotMatchTheirHashAreRefusedAndNotCached() throws IOException {
        byte[] expected = "the real jar".getBytes();
        byte[] served = "a tampered jar".getBytes();
        BlobCache cache = new BlobCache(dir, serving(served, new AtomicInteger()), 1 << 20);
        assertThatThrownBy(() -> cache.get(sha256(expected)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refused");
        try (var files = Files.list(dir)) {
            assertThat(files).as("nothing left in the cache").isEmpty();
        }
    }

    @Test
    void aDamagedCachedFileIsFetchedAgain() throws IOException {
        byte[] blob = "jar bytes".getBytes();
        AtomicInteger calls = new AtomicInteger();
        BlobCache cache = new BlobCache(dir, serving(blob, calls), 1 << 20);
        Path file = cache.get(sha256(blob));
        Files.writeString(file, "bit rot");
        int before = calls.get();
        assertThat(Files.readAllBytes(cache.get(sha256(blob)))).isEqualTo(blob);
        assertThat(calls.get()).isGreaterThan(before);
    }

    @Test
    void aBlobLargerThanTheLimitIsRefused() {
        byte[] blob = new byte[5000];
        BlobCache cache = new BlobCache(dir, serving(blob, new AtomicInteger()), 2000);
        assertThatThrownBy(() -> cache.get(sha256(blob))).hasMessageContaining("larger than");
        assertThatThrownBy(() -> cache.get("../../etc/passwd"))
                .hasMessageContaining("not a SHA-256");
    }
}
