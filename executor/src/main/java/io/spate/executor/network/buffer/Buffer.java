package io.spate.executor.network.buffer;

import io.netty.buffer.ByteBuf;

/**
 * Bytes of one channel handed from producer to consumer: serialized records (possibly a record's
 * part) or one serialized event. The holder owns one reference of {@link #data} and must {@link
 * #release} it.
 */
public record Buffer(ByteBuf data, boolean isEvent) {
    public int size() {
        return data.readableBytes();
    }

    public void release() {
        data.release();
    }
}
