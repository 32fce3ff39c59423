package io.spate.executor.network.buffer;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The executor's bounded pool of fixed-size direct memory segments (Flink: NetworkBufferPool).
 *
 * <p>{@code totalSegments = spate.network.memory / spate.network.buffer-size}. Segments are
 * allocated on first use and then reused forever. Local pools {@link #reserve} their whole quota up
 * front, so a reserved request never waits on another pool (no cross-pool deadlock) and an
 * over-committed executor fails at setup with a clear message instead of stalling later.
 * Thread-safe (one monitor; touched once per buffer, never per record).
 */
public final class NetworkBufferPool {
    private final int segmentSize;
    private final int totalSegments;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private int allocated;
    private int inUse;
    private int reserved;

    public NetworkBufferPool(int segmentSize, long totalMemory) {
        if (segmentSize < 1024) {
            throw new IllegalArgumentException(
                    "buffer size " + segmentSize + " is below 1024 bytes");
        }
        long segments = totalMemory / segmentSize;
        if (segments < 1 || segments > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "network memory "
                            + totalMemory
                            + " gives "
                            + segments
                            + " buffers of "
                            + segmentSize);
        }
        this.segmentSize = segmentSize;
        this.totalSegments = (int) segments;
    }

    public int segmentSize() {
        return segmentSize;
    }

    public int totalSegments() {
        return totalSegments;
    }

    /** Segments handed out and not yet recycled: zero when nothing leaks. */
    public synchronized int segmentsInUse() {
        return inUse;
    }

    public synchronized int reservedSegments() {
        return reserved;
    }

    /** Reserves {@code count} segments for {@code owner} or fails naming what is missing. */
    public synchronized void reserve(int count, String owner) throws InsufficientBuffersException {
        if (reserved + count > totalSegments) {
            throw new InsufficientBuffersException(
                    owner
                            + " needs "
                            + count
                            + " network buffers but only "
                            + (totalSegments - reserved)
                            + " of "
                            + totalSegments
                            + " are free; raise spate.network.memory");
        }
        reserved += count;
    }

    public synchronized void unreserve(int count) {
        reserved -= count;
    }

    /** A segment (position 0, limit = capacity); the caller must hold a reservation for it. */
    synchronized ByteBuffer requestSegment() {
        if (inUse >= totalSegments) {
            throw new IllegalStateException(
                    "network buffer pool exhausted: reservations were bypassed");
        }
        ByteBuffer segment = free.poll();
        if (segment == null) {
            segment = ByteBuffer.allocateDirect(segmentSize);
            allocated++;
        }
        inUse++;
        return segment.clear();
    }

    synchronized void recycle(ByteBuffer segment) {
        inUse--;
        free.push(segment);
    }

    @Override
    public synchronized String toString() {
        return "NetworkBufferPool{segments="
                + totalSegments
                + ", allocated="
                + allocated
                + ", inUse="
                + inUse
                + ", reserved="
                + reserved
                + "}";
    }
}
