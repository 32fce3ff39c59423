package io.spate.executor.task;

import io.spate.executor.network.event.Watermark;
import io.spate.executor.network.event.WatermarkStatus;
import io.spate.executor.network.writer.RecordWriter;
import io.spate.executor.operators.Output;
import io.spate.record.Row;
import java.util.List;

/**
 * The end of a chain: every record goes to the writer of each outgoing edge of one output (the main
 * one or a side output); watermarks and watermark status go in-band to every edge of the vertex,
 * each only when it changes.
 */
final class WriterOutput implements Output {

    private final RecordWriter[] writers;
    private final RecordWriter[] eventWriters;
    private long records;
    private long watermark = Long.MIN_VALUE;
    private boolean idle;

    /** Records and events to the same writers. */
    WriterOutput(List<RecordWriter> writers) {
        this(writers, writers);
    }

    /**
     * @param writers where records go
     * @param eventWriters where watermarks go (every writer of the vertex, or none for a side
     *     output whose watermarks the main output carries)
     */
    WriterOutput(List<RecordWriter> writers, List<RecordWriter> eventWriters) {
        this.writers = writers.toArray(new RecordWriter[0]);
        this.eventWriters = eventWriters.toArray(new RecordWriter[0]);
        for (RecordWriter writer : this.writers) {
            writer.deferFlushesToEndOfTurn();
        }
    }

    /** End of a task turn: flushes what buffer timeout 0 deferred. */
    void flushPending() {
        for (RecordWriter writer : writers) {
            writer.flushPending();
        }
    }

    @Override
    public void emit(Row row) throws InterruptedException {
        for (RecordWriter writer : writers) {
            writer.emit(row);
        }
        records++;
    }

    @Override
    public void emitWatermark(long watermark) throws InterruptedException {
        if (watermark <= this.watermark) {
            return;
        }
        this.watermark = watermark;
        idle = false;
        Watermark event = new Watermark(watermark);
        for (RecordWriter writer : eventWriters) {
            writer.broadcastEvent(event);
        }
    }

    @Override
    public void emitWatermarkStatus(boolean idle) throws InterruptedException {
        if (idle == this.idle) {
            return;
        }
        this.idle = idle;
        WatermarkStatus event = idle ? WatermarkStatus.IDLE : WatermarkStatus.ACTIVE;
        for (RecordWriter writer : eventWriters) {
            writer.broadcastEvent(event);
        }
    }

    /** The last watermark emitted. */
    long watermark() {
        return watermark;
    }

    long recordsOut() {
        return records;
    }

    long bytesOut() {
        long total = 0;
        for (RecordWriter writer : writers) {
            total += writer.bytesOut();
        }
        return total;
    }
}
