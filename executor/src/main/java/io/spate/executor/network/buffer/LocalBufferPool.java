package io.spate.executor.network.buffer;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A bounded quota of segments from the {@link NetworkBufferPool} for one result partition or one
 * input gate (Flink: LocalBufferPool). The quota is reserved at creation; segments are taken from
 * the global pool on demand and returned to it when recycled.
 *
 * <p>Only task threads call {@link #requestBufferBlocking} (that wait <em>is</em> backpressure);
 * Netty threads only use the non-blocking {@link #requestSegment}. Listeners waiting for a segment
 * are called outside the monitor, so a listener may take its own locks freely.
 */
public final class LocalBufferPool implements BufferRecycler {
    private final NetworkBufferPool global;
    private final int maxSegments;
    private final String owner;
    private final ArrayDeque<BufferListener> listeners = new ArrayDeque<>();
    private int inUse;
    private int waiters;
    private boolean destroyed;

    public LocalBufferPool(NetworkBufferPool global, int maxSegments, String owner)
            throws InsufficientBuffersException {
        if (maxSegments < 0) {
            throw new IllegalArgumentException(owner + ": negative buffer count " + maxSegments);
        }
        global.reserve(maxSegments, owner);
        this.global = global;
        this.maxSegments = maxSegments;
        this.owner = owner;
    }

    public int maxSegments() {
        return maxSegments;
    }

    public synchronized int segmentsInUse() {
        return inUse;
    }

    public int segmentSize() {
        return global.segmentSize();
    }

    /** A segment, or null if the quota is used up (never blocks). */
    public synchronized ByteBuffer requestSegment() {
        if (destroyed || inUse >= maxSegments) {
            return null;
        }
        inUse++;
        return global.requestSegment();
    }

    /** A buffer recycled to this pool, or null if the quota is used up. */
    public NetworkBuffer requestBuffer() {
        ByteBuffer segment = requestSegment();
        return segment == null ? null : new NetworkBuffer(segment, this);
    }

    /** A buffer; waits (task thread only) until one is recycled. */
    public NetworkBuffer requestBufferBlocking() throws InterruptedException {
        ByteBuffer segment;
        synchronized (this) {
            while (!destroyed && inUse >= maxSegments) {
                waiters++;
                try {
                    wait();
                } finally {
                    waiters--;
                }
            }
            if (destroyed) {
                throw new IllegalStateException(owner + ": buffer pool was released");
            }
            inUse++;
            segment = global.requestSegment();
        }
        return new NetworkBuffer(segment, this);
    }

    /**
     * Registers {@code listener} for the next recycled segment if the pool is exhausted.
     *
     * @return false if a segment is available now (request it instead) or the pool is destroyed
     */
    public synchronized boolean addListener(BufferListener listener) {
        if (destroyed || inUse < maxSegments) {
            return false;
        }
        listeners.add(listener);
        return true;
    }

    public synchronized void removeListener(BufferListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void recycle(ByteBuffer segment) {
        while (true) {
            BufferListener listener;
            synchronized (this) {
                listener = destroyed ? null : listeners.poll();
                if (listener == null) {
                    inUse--;
                    global.recycle(segment);
                    if (waiters > 0) {
                        notifyAll();
                    }
                    return;
                }
            }
            // Hand the segment over directly (it stays counted as in use by this pool).
            if (listener.notifyBufferAvailable(segment)) {
                return;
            }
        }
    }

    /** Frees the reservation; segments still out return to the global pool when recycled. */
    public void destroy() {
        synchronized (this) {
            if (destroyed) {
                return;
            }
            destroyed = true;
            listeners.clear();
            notifyAll();
        }
        global.unreserve(maxSegments);
    }

    @Override
    public String toString() {
        return "LocalBufferPool{"
                + owner
                + ", max="
                + maxSegments
                + ", inUse="
                + segmentsInUse()
                + "}";
    }
}
