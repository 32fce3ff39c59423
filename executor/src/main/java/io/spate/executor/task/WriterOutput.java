package io.spate.executor.task;

import io.spate.executor.network.writer.RecordWriter;
import io.spate.executor.operators.Output;
import io.spate.record.Row;
import java.util.List;

/** The end of a chain: every record goes to the writer of each outgoing edge. */
final class WriterOutput implements Output {

    private final RecordWriter[] writers;
    private long records;

    WriterOutput(List<RecordWriter> writers) {
        this.writers = writers.toArray(new RecordWriter[0]);
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
