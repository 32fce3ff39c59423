package io.spate.executor.operators;

import io.spate.record.Row;
import io.spate.record.Schema;
import io.spate.transform.TransformConfig;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The {@code Sequence} source: the longs {@code from..to} inclusive. Value at index i is {@code
 * from + i}; subtask s of p emits the indices with {@code i mod p = s} in increasing order (split
 * like {@link WordsSource}). Indices are unsigned, so even {@code Long.MIN_VALUE..Long.MAX_VALUE}
 * works. {@code rate} paces like Words. State: {@link #position()}, the next index.
 */
public final class SequenceSource implements SourceOperator {

    private final Output out;
    private final long from;
    private final long lastIndex; // unsigned: to - from
    private final int step;
    private final SourceRate rate;
    private final Row row;
    private long next;
    private boolean exhausted;

    public SequenceSource(OperatorContext context, Output out) {
        TransformConfig config = context.spec().config();
        this.out = out;
        this.from = config.getLong("from");
        this.lastIndex = config.getLong("to") - from;
        this.step = context.parallelism();
        this.rate = new SourceRate(config.getLong("rate"), context.parallelism(), context.clock());
        Schema schema = context.spec().outputSchema().orElseThrow();
        this.row = new Row(schema);
        this.next = context.subtaskIndex();
        this.exhausted = Long.compareUnsigned(next, lastIndex) > 0;
    }

    /** The next index this subtask emits. */
    public long position() {
        return next;
    }

    /** State: the next index (long) and whether it is past the end (boolean). */
    @Override
    public void snapshotState(long checkpointId, DataOutput out) throws IOException {
        out.writeLong(next);
        out.writeBoolean(exhausted);
    }

    @Override
    public void restoreState(DataInput in) throws IOException {
        next = in.readLong();
        exhausted = in.readBoolean();
    }

    @Override
    public void open() {
        rate.start();
    }

    @Override
    public Progress emitBatch(int maxRecords) throws Exception {
        if (exhausted) {
            return Progress.END;
        }
        int allowed = rate.permits(maxRecords);
        if (allowed == 0) {
            return Progress.WAIT;
        }
        for (int n = 0; n < allowed && !exhausted; n++) {
            out.emit(row.setLong(0, from + next));
            long after = next + step;
            // Past the last index, or wrapped around 2^64: done.
            exhausted =
                    Long.compareUnsigned(after, lastIndex) > 0
                            || Long.compareUnsigned(after, next) < 0;
            next = after;
        }
        return Progress.MORE;
    }

    @Override
    public long resumeAtNanos() {
        return rate.resumeAtNanos();
    }
}
