package io.spate.executor.operators;

import io.spate.executor.state.ProcessingTimers;
import io.spate.record.Row;
import io.spate.transform.TransformConfig;
import java.time.Duration;
import java.util.Map;

/**
 * Bounded out-of-orderness watermarks (Flink: BoundedOutOfOrdernessWatermarks with idleness) for a
 * source subtask or an AssignWatermarks: every {@code watermarkInterval} of processing time it
 * emits {@code max event time seen - maxOutOfOrderness - 1}; with {@code idleness}, an interval
 * without records after {@code idleness} of none marks the output idle, and the next record makes
 * it active again. Task thread only; ticks come from the task's {@link ProcessingTimers}.
 */
public final class WatermarkGenerator {

    private final int field;
    private final long outOfOrdernessMs;
    private final long idlenessMs; // Long.MAX_VALUE = never idle
    private final long intervalMs;
    private final ProcessingTimers time;
    private final Output out;
    private long maxTimestamp = Long.MIN_VALUE;
    private long recordsSinceTick;
    private long lastActivity;
    private boolean idle;
    private boolean ended;

    /**
     * @param config a watermarks mapping or AssignWatermarks' config: field, maxOutOfOrderness,
     *     idleness
     * @param field the index of the event-time field in the records seen
     */
    WatermarkGenerator(TransformConfig config, int field, OperatorContext context, Output out) {
        this.field = field;
        this.outOfOrdernessMs = config.getDuration("maxOutOfOrderness").toMillis();
        this.idlenessMs =
                config.has("idleness")
                        ? Math.max(1, config.getDuration("idleness").toMillis())
                        : Long.MAX_VALUE;
        this.intervalMs = Math.max(1, context.watermarkInterval().toMillis());
        this.time = context.processingTimers();
        this.out = out;
    }

    /**
     * A generator over the long field {@code field} of the rows it sees, {@code outOfOrderness}
     * behind their greatest value, never idle (a source that sets its own, such as Nexmark's).
     */
    public static WatermarkGenerator boundedOutOfOrderness(
            Duration outOfOrderness, int field, OperatorContext context, Output out) {
        return new WatermarkGenerator(
                new TransformConfig(Map.of("maxOutOfOrderness", outOfOrderness)),
                field,
                context,
                out);
    }

    /** Starts the periodic ticks (from the operator's open). */
    public void start() {
        lastActivity = time.currentTimeMillis();
        schedule();
    }

    /** Sees one record's event time; call before emitting it. */
    public void onRecord(Row row) throws Exception {
        long t = row.getLong(field);
        if (t > maxTimestamp) {
            maxTimestamp = t;
        }
        recordsSinceTick++;
        if (idle) {
            idle = false;
            out.emitWatermarkStatus(false);
        }
    }

    /** The current watermark: Long.MIN_VALUE before any record. */
    long currentWatermark() {
        if (maxTimestamp == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        long w = maxTimestamp - outOfOrdernessMs - 1;
        return w > maxTimestamp ? Long.MIN_VALUE : w; // underflow near Long.MIN_VALUE
    }

    /** The input ended: the final watermark, and no more ticks. */
    public void end() throws Exception {
        ended = true;
        out.emitWatermark(Long.MAX_VALUE);
    }

    private void schedule() {
        time.scheduleAt(time.currentTimeMillis() + intervalMs, this::tick);
    }

    private void tick() {
        if (ended) {
            return;
        }
        try {
            long now = time.currentTimeMillis();
            if (recordsSinceTick > 0) {
                recordsSinceTick = 0;
                lastActivity = now;
                long w = currentWatermark();
                if (w != Long.MIN_VALUE) {
                    out.emitWatermark(w);
                }
            } else if (!idle && now - lastActivity >= idlenessMs) {
                idle = true;
                out.emitWatermarkStatus(true);
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("emitting a watermark failed", e);
        }
        schedule();
    }
}
