package io.spate.executor.network.buffer;

import java.nio.ByteBuffer;

/** Waits for a segment of an exhausted {@link LocalBufferPool} (floating buffers for channels). */
public interface BufferListener {
    /**
     * Offers a segment that was just recycled; called without any pool lock held.
     *
     * @return true if the listener took the segment, false to pass it on
     */
    boolean notifyBufferAvailable(ByteBuffer segment);
}
