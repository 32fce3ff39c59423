package io.spate.executor.operators;

import io.spate.record.Row;
import io.spate.record.Schema;
import io.spate.transform.TransformConfig;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigInteger;

/**
 * The {@code Words} source (src-docs/contracts.md §4): record i is {@code "w" + ((i × 2654435761)
 * mod vocabulary)}, where the product is exact integer arithmetic (no 64-bit overflow; see {@link
 * #wordIndex}). Subtask s of p emits the i with {@code i mod p = s} in increasing order, so the
 * union of all subtasks is every i in {@code [0, count)} exactly once. Without {@code count} it
 * never ends. {@code rate} (records/s over all subtasks) paces each subtask at {@code rate / p};
 * {@code ts} is {@code System.nanoTime()} at emission when {@code timestamps} is on; {@code et} is
 * {@code eventTime.start + i × eventTime.step} (epoch ms) with {@code eventTime}.
 *
 * <p>State: {@link #position()} (the next i this subtask emits) is all a checkpoint needs.
 */
public final class WordsSource implements SourceOperator {

    /** Knuth's multiplicative hash constant (2^32 / golden ratio), spreading i over the words. */
    public static final long MULTIPLIER = 2654435761L;

    private static final BigInteger BIG_MULTIPLIER = BigInteger.valueOf(MULTIPLIER);

    /** Vocabularies up to this size keep their word strings, so emission allocates nothing. */
    private static final int CACHED_VOCABULARY = 1 << 20;

    private final Output out;
    private final long count; // exclusive end; Long.MAX_VALUE when unbounded
    private final long vocabulary;
    private final int step;
    private final boolean timestamps;
    private final SourceRate rate;
    private final Row row;
    private final int etField; // -1 without eventTime
    private final long etStart;
    private final long etStep;
    private final WatermarkGenerator watermarks; // null without watermarks
    private final String[] cache;
    private long next;

    public WordsSource(OperatorContext context, Output out) {
        TransformConfig config = context.spec().config();
        this.out = out;
        this.count = config.has("count") ? config.getLong("count") : Long.MAX_VALUE;
        this.vocabulary = config.getLong("vocabulary");
        this.step = context.parallelism();
        this.timestamps = config.getBoolean("timestamps");
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
        this.cache = vocabulary <= CACHED_VOCABULARY ? new String[(int) vocabulary] : null;
        this.next = context.subtaskIndex();
    }

    /**
     * {@code (i × 2654435761) mod vocabulary} for {@code i >= 0}, computed exactly. For {@code i <=
     * 3_474_613_138} (= {@code Long.MAX_VALUE / 2654435761}, where the product fits a signed long)
     * this equals {@code i * 2654435761L % vocabulary} in plain Java arithmetic; beyond it (already
     * below 2^32) plain arithmetic overflows and this does not.
     */
    public static long wordIndex(long i, long vocabulary) {
        if (i < 0 || vocabulary < 1) {
            throw new IllegalArgumentException("i " + i + ", vocabulary " + vocabulary);
        }
        if (vocabulary <= (1L << 31)) {
            // Both factors are below 2^31, so their product stays below 2^62.
            return (i % vocabulary) * (MULTIPLIER % vocabulary) % vocabulary;
        }
        return BigInteger.valueOf(i)
                .multiply(BIG_MULTIPLIER)
                .mod(BigInteger.valueOf(vocabulary))
                .longValue();
    }

    /** The word of record {@code i}. */
    public static String word(long i, long vocabulary) {
        return "w" + wordIndex(i, vocabulary);
    }

    /** The next record index this subtask emits (its source position). */
    public long position() {
        return next;
    }

    /** State: the next index, a long. */
    @Override
    public void snapshotState(long checkpointId, DataOutput out) throws IOException {
        out.writeLong(next);
    }

    @Override
    public void restoreState(DataInput in) throws IOException {
        next = in.readLong();
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
        if (next >= count || next < 0) {
            return Progress.END;
        }
        int allowed = rate.permits(maxRecords);
        if (allowed == 0) {
            return Progress.WAIT;
        }
        for (int n = 0; n < allowed && next < count && next >= 0; n++) {
            row.setString(0, wordOf(next));
            if (timestamps) {
                row.setLong(1, System.nanoTime());
            }
            eventTime(next);
            out.emit(row);
            next += step;
        }
        return Progress.MORE;
    }

    @Override
    public long resumeAtNanos() {
        return rate.resumeAtNanos();
    }

    private String wordOf(long i) {
        long index = wordIndex(i, vocabulary);
        if (cache == null) {
            return "w" + index;
        }
        String word = cache[(int) index];
        if (word == null) {
            word = "w" + index;
            cache[(int) index] = word;
        }
        return word;
    }
}
