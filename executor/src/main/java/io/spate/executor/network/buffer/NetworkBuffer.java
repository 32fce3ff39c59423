package io.spate.executor.network.buffer;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import java.nio.ByteBuffer;

/**
 * A Netty {@code ByteBuf} over one pooled memory segment (Flink: NetworkBuffer). It is reference
 * counted like any ByteBuf — slices sent to Netty retain it — and when the count drops to zero its
 * segment goes back to its {@link BufferRecycler} instead of being freed. A NetworkBuffer object is
 * used once; the segment is what is pooled.
 */
public final class NetworkBuffer extends UnpooledDirectByteBuf {
    private final ByteBuffer segment;
    private final BufferRecycler recycler;

    public NetworkBuffer(ByteBuffer segment, BufferRecycler recycler) {
        super(ByteBufAllocator.DEFAULT, segment, segment.capacity());
        this.segment = segment;
        this.recycler = recycler;
        clear(); // the super constructor sets writerIndex to the capacity
    }

    /** The raw segment, for writers that serialize at absolute positions (same memory, index 0). */
    public ByteBuffer segment() {
        return segment;
    }

    @Override
    protected void deallocate() {
        super.deallocate(); // does not free: the segment was passed in
        recycler.recycle(segment);
    }
}
