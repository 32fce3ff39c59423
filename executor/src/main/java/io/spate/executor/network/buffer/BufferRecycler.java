package io.spate.executor.network.buffer;

import java.nio.ByteBuffer;

/** Takes back a memory segment once the last reference to the buffer over it is released. */
@FunctionalInterface
public interface BufferRecycler {
    void recycle(ByteBuffer segment);
}
