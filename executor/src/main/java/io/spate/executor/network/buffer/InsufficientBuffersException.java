package io.spate.executor.network.buffer;

import java.io.IOException;

/** The global pool cannot reserve the buffers a partition or gate needs (spate.network.memory). */
public final class InsufficientBuffersException extends IOException {
    public InsufficientBuffersException(String message) {
        super(message);
    }
}
