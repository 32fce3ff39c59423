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
 * works. {@code rate} paces like Words; {@code et} = {@code eventTime.start + i × step} with {@code
 * eventTime}. State: {@link #position()}, the next index.
 */
public final class SequenceSource implements SourceOperator {

    private final Output out;
    private final long from;
    private final long lastIndex; // unsigned: to - from
    private final int step;
    private final SourceRate rate;
    private final Row row;
    private final int etField; // -1 without eventTime
    private final long etStart;
    private final long etStep;
    private final WatermarkGenerator watermarks; // null without watermarks
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
        this.etField = schema.indexOf("et");
        this.etStart = config.findConfig("eventTime").map(c -> c.getLong("start")).orElse(0L);
        this.etStep =
                config.findConfig("eventTime")
                        .map(c -> c.getDuration("step").toMillis())
                        .orElse(0L);
        this.watermarks =
                config.findConfig("watermarks")
                        .map(
                                c ->
                                        new WatermarkGenerator(
                                                c,
                                                schema.indexOf(c.getString("field")),
                                                context,
                                                out))
                        .orElse(null);
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
        if (watermarks != null) {
            watermarks.start();
        }
    }

    /** Exhausted: the final watermark (a task's input end sends one too; both are harmless). */
    @Override
    public void finish() throws Exception {
        if (watermarks != null) {
            watermarks.end();
        }
    }

    /** Sets {@code et} of record {@code i} and lets the watermark generator see it. */
    private void eventTime(long i) throws Exception {
        if (etField >= 0) {
            row.setLong(etField, etStart + i * etStep);
        }
        if (watermarks != null) {
            watermarks.onRecord(row);
        }
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
            row.setLong(0, from + next);
            eventTime(next);
            out.emit(row);
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
