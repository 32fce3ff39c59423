package io.spate.executor.usercode;

import java.io.IOException;

/**
 * Where blobs (user jars) come from: the coordinator's blob store, over the executor's
 * authenticated gRPC channel ({@code CoordinatorGateway.GetBlob}), read in chunks.
 */
@FunctionalInterface
public interface BlobSource {

    /**
     * Up to {@code maxBytes} of the blob with SHA-256 {@code sha256}, from {@code offset}; empty at
     * its end. Blocks: call it on a task thread, never on an event loop.
     *
     * @throws IOException when the blob is unknown there or the call fails
     */
    byte[] read(String sha256, long offset, int maxBytes) throws IOException;

    /** A source that has none: for executors and tests that run no user code. */
    BlobSource NONE =
            (sha256, offset, maxBytes) -> {
                throw new IOException("this executor fetches no blobs (blob " + sha256 + ")");
            };
}
