package io.spate.executor.network.buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * The writer's end of a buffer being filled (Flink: BufferBuilder); {@link BufferConsumer} is the
 * reader's end of the same memory.
 *
 * <p>Exactly one task thread writes at absolute positions of {@link #memory()} and then {@link
 * #commit}s the new end with a release-store; the consumer (a Netty or task thread) reads the
 * committed end with an acquire-load and slices off what it has not sent yet. So flushing a partly
 * filled buffer needs no lock on the writer's hot path, and bytes are never copied on the send
 * side.
 */
public final class BufferBuilder {
    private static final VarHandle COMMITTED;
    private static final VarHandle FINISHED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            COMMITTED = l.findVarHandle(BufferBuilder.class, "committed", int.class);
            FINISHED = l.findVarHandle(BufferBuilder.class, "finished", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final NetworkBuffer buffer;
    private final ByteBuffer memory;
    private final int capacity;
    private int position;

    @SuppressWarnings("unused") // through COMMITTED
    private volatile int committed;

    @SuppressWarnings("unused") // through FINISHED
    private volatile boolean finished;

    public BufferBuilder(NetworkBuffer buffer) {
        this.buffer = buffer;
        this.memory = buffer.segment();
        this.capacity = memory.capacity();
    }

    /** The memory to write into at absolute positions in {@code [position(), capacity)}. */
    public ByteBuffer memory() {
        return memory;
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return capacity - position;
    }

    /** Moves the write position (uncommitted until {@link #commit}). */
    public void position(int newPosition) {
        position = newPosition;
    }

    /** Publishes everything written so far to the consumer. */
    public void commit() {
        COMMITTED.setRelease(this, position);
    }

    /** Commits and marks the buffer complete: no more bytes will be written. */
    public void finish() {
        COMMITTED.setRelease(this, position);
        FINISHED.setRelease(this, true);
    }

    public boolean isFinished() {
        return (boolean) FINISHED.getAcquire(this);
    }

    int committed() {
        return (int) COMMITTED.getAcquire(this);
    }

    NetworkBuffer buffer() {
        return buffer;
    }

    /** The one consumer of this buffer; it owns the buffer's initial reference. */
    public BufferConsumer createConsumer(boolean isEvent) {
        return new BufferConsumer(this, isEvent);
    }
}
