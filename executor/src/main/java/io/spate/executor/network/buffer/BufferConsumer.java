package io.spate.executor.network.buffer;

import io.netty.buffer.ByteBuf;

/**
 * The reading end of a {@link BufferBuilder}: hands out retained slices of the committed but not
 * yet consumed bytes. Owns the buffer's initial reference until {@link #close}. Used under the lock
 * of the subpartition that queues it.
 */
public final class BufferConsumer {
    private final BufferBuilder builder;
    private final boolean isEvent;
    private int readPosition;

    BufferConsumer(BufferBuilder builder, boolean isEvent) {
        this.builder = builder;
        this.isEvent = isEvent;
    }

    public boolean isEvent() {
        return isEvent;
    }

    /** Finished (no more writes) — read before {@link #hasUnreadBytes} so it sees the final end. */
    public boolean isFinished() {
        return builder.isFinished();
    }

    public boolean hasUnreadBytes() {
        return builder.committed() > readPosition;
    }

    /** A retained slice of the committed, unread bytes, or null if there are none. */
    public Buffer poll() {
        int end = builder.committed();
        if (end == readPosition) {
            return null;
        }
        ByteBuf slice = builder.buffer().retainedSlice(readPosition, end - readPosition);
        readPosition = end;
        return new Buffer(slice, isEvent);
    }

    /** Drops this consumer's reference; the segment recycles once every slice is released too. */
    public void close() {
        builder.buffer().release();
    }
}
