package io.spate.executor.network.writer;

import io.spate.executor.network.buffer.BufferBuilder;
import io.spate.executor.network.event.RuntimeEvent;
import io.spate.executor.network.partition.ResultPartition;
import io.spate.record.Row;
import io.spate.record.RowSerializer;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledFuture;

/**
 * Serializes rows into the buffers of a {@link ResultPartition} (Flink: RecordWriter +
 * SpanningRecordSerializer). Used by one task thread.
 *
 * <p>Stream format per subpartition: {@code [length: int][record bytes]...}. A length prefix is
 * never split (a buffer with fewer than 4 bytes left is finished early), a record body may span any
 * number of buffers. The common case writes the record straight into the network buffer; only a
 * record that does not fit the current buffer is serialized to a scratch array first and copied
 * across buffers. Nothing is allocated per record.
 *
 * <p>Buffer timeout: 0 flushes after every record (lowest latency), a positive value lets the
 * executor's {@link OutputFlusher} flush periodically, a negative one sends only full buffers. When
 * the partition's pool is exhausted, {@link #emit} blocks: that is backpressure.
 *
 * <p>A task runs timeout 0 {@linkplain #deferFlushesToEndOfTurn() deferred}: records only mark
 * their channel, and {@link #flushPending} at the end of each task turn flushes every marked
 * channel once. A turn takes microseconds, so latency stays that of a flush per record, while each
 * flush — a wake-up of a consumer or of a Netty event loop, which on a small machine is the
 * expensive part — now carries every record of the turn.
 */
public final class RecordWriter implements AutoCloseable {
    /** Records above this are refused; a reader rejects larger lengths as corrupt. */
    public static final int MAX_RECORD_SIZE = 64 << 20;

    private static final int LENGTH_SIZE = 4;

    private final ResultPartition partition;
    private final Partitioner partitioner;
    private final RowSerializer serializer;
    private final BufferBuilder[] builders;
    private final int numberOfChannels;
    private final boolean flushAlways;
    private final ScheduledFuture<?> flusher;
    private boolean deferFlushes;
    private final boolean[] dirty;
    private final int[] dirtyChannels;
    private int dirtyCount;
    private ByteBuffer scratch = ByteBuffer.allocate(1024);
    private long recordsOut;
    private long bytesOut;

    public RecordWriter(
            ResultPartition partition,
            Partitioner partitioner,
            RowSerializer serializer,
            long bufferTimeoutNanos,
            OutputFlusher outputFlusher) {
        this.partition = partition;
        this.partitioner = partitioner;
        this.serializer = serializer;
        this.numberOfChannels = partition.numberOfSubpartitions();
        this.builders = new BufferBuilder[numberOfChannels];
        this.flushAlways = bufferTimeoutNanos == 0;
        this.dirty = new boolean[numberOfChannels];
        this.dirtyChannels = new int[numberOfChannels];
        this.flusher =
                bufferTimeoutNanos > 0
                        ? outputFlusher.schedule(partition, bufferTimeoutNanos)
                        : null;
    }

    /**
     * With buffer timeout 0, flush once per turn instead of once per record: the owner promises to
     * call {@link #flushPending} at the end of every turn (before it waits for anything).
     */
    public void deferFlushesToEndOfTurn() {
        deferFlushes = true;
    }

    /** Flushes the channels written since the last call (deferred timeout 0; else a no-op). */
    public void flushPending() {
        for (int i = 0; i < dirtyCount; i++) {
            int channel = dirtyChannels[i];
            dirty[channel] = false;
            partition.flush(channel);
        }
        dirtyCount = 0;
    }

    private void flushRecord(int channel) {
        if (!deferFlushes) {
            partition.flush(channel);
        } else if (!dirty[channel]) {
            dirty[channel] = true;
            dirtyChannels[dirtyCount++] = channel;
        }
    }

    public ResultPartition partition() {
        return partition;
    }

    public long recordsOut() {
        return recordsOut;
    }

    public long bytesOut() {
        return bytesOut;
    }

    /** Writes {@code row} to the subpartition(s) its partitioner picks. */
    public void emit(Row row) throws InterruptedException {
        if (partitioner.isBroadcast()) {
            broadcastEmit(row);
            return;
        }
        int channel = partitioner.selectChannel(row, numberOfChannels);
        int size = serializer.serializedSize(row);
        BufferBuilder b = builders[channel];
        if (b != null && b.remaining() >= LENGTH_SIZE + size) {
            ByteBuffer memory = b.memory();
            int pos = b.position();
            memory.putInt(pos, size);
            int end = serializer.write(row, memory, pos + LENGTH_SIZE);
            b.position(end);
            b.commit();
            if (b.remaining() < LENGTH_SIZE) {
                finishBuilder(channel);
            }
        } else {
            writeSpanning(row, channel, size);
        }
        recordsOut++;
        bytesOut += size;
        if (flushAlways) {
            flushRecord(channel);
        }
    }

    /** Writes {@code row} to every subpartition (serialized once). */
    public void broadcastEmit(Row row) throws InterruptedException {
        int size = checkSize(serializer.serializedSize(row));
        ByteBuffer bytes = scratch(size);
        serializer.write(row, bytes, 0);
        for (int channel = 0; channel < numberOfChannels; channel++) {
            copyRecord(channel, bytes, size);
            if (flushAlways) {
                flushRecord(channel);
            }
        }
        recordsOut++;
        bytesOut += size;
    }

    /**
     * Sends {@code event} to every subpartition (the one of a partitioner with an {@linkplain
     * Partitioner#onlyChannel only channel}), after the records written so far.
     */
    public void broadcastEvent(RuntimeEvent event) throws InterruptedException {
        int only = partitioner.onlyChannel();
        for (int channel = 0; channel < numberOfChannels; channel++) {
            if (only >= 0 && channel != only) {
                continue;
            }
            if (builders[channel] != null) {
                finishBuilder(channel);
            }
            partition.addEvent(channel, event);
        }
    }

    /** Makes everything written so far sendable now. */
    public void flushAll() {
        partition.flushAll();
    }

    /** Finishes all buffers and ends every subpartition with EndOfPartition. */
    public void finish() throws InterruptedException {
        stopFlusher();
        for (int channel = 0; channel < numberOfChannels; channel++) {
            if (builders[channel] != null) {
                finishBuilder(channel);
            }
        }
        partition.finish();
    }

    /** Stops the periodic flush; the partition itself is released by its owner. */
    @Override
    public void close() {
        stopFlusher();
    }

    private void stopFlusher() {
        if (flusher != null) {
            flusher.cancel(false);
        }
    }

    private void writeSpanning(Row row, int channel, int size) throws InterruptedException {
        checkSize(size);
        BufferBuilder b = builders[channel];
        if (b == null || b.remaining() < LENGTH_SIZE + size) {
            if (b != null && b.remaining() < LENGTH_SIZE) {
                finishBuilder(channel);
                b = null;
            }
            if (b == null) {
                b = newBuilder(channel);
            }
        }
        if (b.remaining() >= LENGTH_SIZE + size) { // fits a fresh buffer: still no copy
            ByteBuffer memory = b.memory();
            int pos = b.position();
            memory.putInt(pos, size);
            b.position(serializer.write(row, memory, pos + LENGTH_SIZE));
            b.commit();
            if (b.remaining() < LENGTH_SIZE) {
                finishBuilder(channel);
            }
            return;
        }
        ByteBuffer bytes = scratch(size);
        serializer.write(row, bytes, 0);
        copyRecord(channel, bytes, size);
    }

    /** Appends {@code [size][bytes[0..size)]} to {@code channel}, spanning buffers as needed. */
    private void copyRecord(int channel, ByteBuffer bytes, int size) throws InterruptedException {
        BufferBuilder b = builders[channel];
        if (b != null && b.remaining() < LENGTH_SIZE) {
            finishBuilder(channel);
            b = null;
        }
        if (b == null) {
            b = newBuilder(channel);
        }
        int pos = b.position();
        b.memory().putInt(pos, size);
        b.position(pos + LENGTH_SIZE);
        int offset = 0;
        while (true) {
            int n = Math.min(size - offset, b.remaining());
            b.memory().put(b.position(), bytes, offset, n);
            b.position(b.position() + n);
            offset += n;
            b.commit();
            if (b.remaining() < LENGTH_SIZE) {
                finishBuilder(channel);
                b = null;
            }
            if (offset == size) {
                return;
            }
            if (b == null) {
                b = newBuilder(channel);
            }
        }
    }

    private BufferBuilder newBuilder(int channel) throws InterruptedException {
        // The request may block until consumers return buffers: they must see what is pending
        // first.
        flushPending();
        BufferBuilder b = partition.requestBufferBuilderBlocking(channel);
        builders[channel] = b;
        return b;
    }

    private void finishBuilder(int channel) {
        partition.finishBufferBuilder(channel, builders[channel]);
        builders[channel] = null;
    }

    private ByteBuffer scratch(int size) {
        if (scratch.capacity() < size) {
            scratch = ByteBuffer.allocate(Math.max(size, scratch.capacity() * 2));
        }
        return scratch;
    }

    private static int checkSize(int size) {
        if (size > MAX_RECORD_SIZE) {
            throw new IllegalArgumentException(
                    "record of "
                            + size
                            + " bytes exceeds the maximum of "
                            + MAX_RECORD_SIZE
                            + " bytes");
        }
        return size;
    }
}
