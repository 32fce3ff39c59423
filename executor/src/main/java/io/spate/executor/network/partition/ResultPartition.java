package io.spate.executor.network.partition;

import io.spate.executor.network.buffer.BufferBuilder;
import io.spate.executor.network.buffer.BufferConsumer;
import io.spate.executor.network.buffer.LocalBufferPool;
import io.spate.executor.network.event.EndOfPartition;
import io.spate.executor.network.event.EventSerializer;
import io.spate.executor.network.event.RuntimeEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The output of one producer subtask: one {@link ResultSubpartition} per consumer subtask, all
 * filled from one bounded {@link LocalBufferPool} (Flink: ResultPartition, pipelined). Written by
 * one task thread through a {@code RecordWriter}. It releases itself once every subpartition's
 * EndOfPartition has been consumed, or when {@link #release} is called (cancel, shutdown).
 */
public final class ResultPartition {
    private final ResultPartitionId id;
    private final ResultSubpartition[] subpartitions;
    private final LocalBufferPool pool;
    private final ResultPartitionManager manager;
    private final AtomicInteger consumedSubpartitions = new AtomicInteger();
    private final AtomicBoolean released = new AtomicBoolean();

    ResultPartition(
            ResultPartitionId id,
            int numberOfSubpartitions,
            LocalBufferPool pool,
            ResultPartitionManager manager) {
        this.id = id;
        this.pool = pool;
        this.manager = manager;
        this.subpartitions = new ResultSubpartition[numberOfSubpartitions];
        for (int i = 0; i < numberOfSubpartitions; i++) {
            subpartitions[i] = new ResultSubpartition(this, i);
        }
    }

    public ResultPartitionId id() {
        return id;
    }

    public int numberOfSubpartitions() {
        return subpartitions.length;
    }

    ResultSubpartition subpartition(int index) {
        return subpartitions[index];
    }

    public LocalBufferPool bufferPool() {
        return pool;
    }

    /**
     * A new buffer for {@code subpartition}, already queued there (its bytes become visible as the
     * writer commits them). Blocks the task thread while the pool is exhausted: backpressure.
     */
    public BufferBuilder requestBufferBuilderBlocking(int subpartition)
            throws InterruptedException {
        BufferBuilder builder = new BufferBuilder(pool.requestBufferBlocking());
        subpartitions[subpartition].add(builder.createConsumer(false));
        return builder;
    }

    /** Marks the tail buffer of {@code subpartition} (built by {@code builder}) complete. */
    public void finishBufferBuilder(int subpartition, BufferBuilder builder) {
        subpartitions[subpartition].finish(builder);
    }

    /**
     * Appends {@code event} to {@code subpartition} (the caller finished its open buffer first).
     */
    public void addEvent(int subpartition, RuntimeEvent event) throws InterruptedException {
        BufferBuilder builder = new BufferBuilder(pool.requestBufferBlocking());
        builder.position(EventSerializer.write(event, builder.memory(), 0));
        builder.finish();
        BufferConsumer consumer = builder.createConsumer(true);
        subpartitions[subpartition].add(consumer);
    }

    /** Lets the consumer take the committed bytes of a partly filled buffer. Any thread. */
    public void flush(int subpartition) {
        subpartitions[subpartition].flush();
    }

    public void flushAll() {
        for (ResultSubpartition s : subpartitions) {
            s.flush();
        }
    }

    /** Ends every subpartition with EndOfPartition. */
    public void finish() throws InterruptedException {
        for (int i = 0; i < subpartitions.length; i++) {
            addEvent(i, EndOfPartition.INSTANCE);
        }
    }

    /** Complete buffers queued for {@code subpartition} (for tests and metrics). */
    public int backlog(int subpartition) {
        return subpartitions[subpartition].backlog();
    }

    /** Whether {@code subpartition} has something its consumer may take now (for tests). */
    public boolean isAvailable(int subpartition) {
        return subpartitions[subpartition].isAvailable();
    }

    void onSubpartitionConsumed() {
        if (consumedSubpartitions.incrementAndGet() == subpartitions.length) {
            release();
        }
    }

    public boolean isReleased() {
        return released.get();
    }

    /** Drops all queued data, unregisters, and frees the pool reservation. Idempotent. */
    public void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        manager.unregister(this);
        for (ResultSubpartition s : subpartitions) {
            s.release();
        }
        pool.destroy();
    }

    @Override
    public String toString() {
        return "ResultPartition{" + id + ", subpartitions=" + subpartitions.length + "}";
    }
}
