package io.spate.executor.operators;

import io.spate.executor.state.KeyedStateBackend;
import io.spate.executor.state.KeyedTimers;
import io.spate.executor.state.ProcessingWakeUp;
import io.spate.executor.state.StateSerializer;
import io.spate.executor.state.ValueState;
import io.spate.expression.ExpressionEvaluationException;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import io.spate.transform.SideOutputs;
import io.spate.transform.TransformConfig;
import io.spate.transform.Windows;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * {@code Window} (Flink: WindowOperator with an aggregate function, heap state): per key, the
 * windows a record falls in (tumbling, sliding, or merging sessions), each with one accumulator per
 * window and key, never a buffer of records. In event time a window fires when the watermark passes
 * its end, from a timer; a record for a fired window still within {@code allowedLateness} updates
 * it and fires it again at once; a record later than that goes to the side output {@code late}
 * (counted). The window's state goes at end + allowedLateness. In processing time a window fires
 * when the task's clock passes its end. Output: key (unless window-all), {@code window_start},
 * {@code window_end}, then the aggregations.
 *
 * <p>State, in the keyed state backend (per key group): tumbling and sliding windows are panes, one
 * table of keys per window ({@link WindowPanes}), fired by the watermark or the clock directly;
 * sessions, which merge per key, keep each key's windows in a value state and fire them from
 * timers.
 */
public final class WindowOperator implements OneInputOperator {

    /** Window-all's one key, Boolean.TRUE, hashed as a boolean field holding true. */
    private static final int ALL_KEY_HASH = io.spate.record.Hashing.hashLong(1);

    private enum Kind {
        TUMBLING,
        SLIDING,
        SESSION
    }

    private final Output out;
    private final Output late;
    private final Kind kind;
    private final long size;
    private final long slide;
    private final long gap;
    private final boolean eventTime;
    private final long lateness;
    private final int keyIn;
    private final FieldType keyType;
    private final int timeIn;
    private final WindowAggregates aggs;
    private final int longSlots;
    private final int doubleSlots;
    private final Row result;
    private final int keyOut;
    private final int startOut;
    private final int endOut;
    private final int firstAggOut;
    private final KeyedStateBackend backend;
    private final ValueState<KeyWindows> windows; // sessions
    private final KeyedTimers timers; // sessions
    private final WindowPanes panes; // tumbling and sliding
    private final io.spate.executor.state.ProcessingTimers processing;
    private long watermark = Long.MIN_VALUE; // panes; sessions ask their timers
    private final ProcessingWakeUp wakeUp; // panes in processing time
    private Object key; // the current record's
    private long lateRecords;
    private long firedWindows;
    private final RecordErrors errors;
    private final ExpressionEvaluationException[] failure = new ExpressionEvaluationException[1];

    public WindowOperator(OperatorContext context, Output out) {
        TransformConfig config = context.spec().config();
        Schema in = context.spec().inputSchema().orElseThrow();
        Schema emitted = context.spec().outputSchema().orElseThrow();
        this.out = out;
        this.late = context.sideOutputs().apply(SideOutputs.LATE);
        this.errors = new RecordErrors(context);
        if (config.has(Windows.SESSION)) {
            kind = Kind.SESSION;
            gap = config.getConfig(Windows.SESSION).getDuration("gap").toMillis();
            size = 0;
            slide = 0;
        } else {
            kind = config.has(Windows.TUMBLING) ? Kind.TUMBLING : Kind.SLIDING;
            long[] ss = Windows.sizeAndSlideMillis(config);
            size = ss[0];
            slide = ss[1];
            gap = 0;
        }
        this.eventTime = config.getString("time").equals("event");
        this.lateness = eventTime ? config.getDuration("allowedLateness").toMillis() : 0;
        String key = context.spec().keyField().orElse(null);
        this.keyIn = key == null ? -1 : in.indexOf(key);
        this.keyType = key == null ? FieldType.BOOLEAN : in.field(keyIn).type();
        this.timeIn =
                eventTime
                        ? in.indexOf(
                                context.spec()
                                        .timestampField()
                                        .orElseThrow(
                                                () ->
                                                        new IllegalArgumentException(
                                                                context.spec().name()
                                                                        + ": an event-time Window needs a timestamp field")))
                        : -1;
        this.aggs = new WindowAggregates(Windows.aggregations(config), in);
        this.longSlots = aggs.longSlots;
        this.doubleSlots = aggs.doubleSlots;
        this.result = new Row(emitted);
        this.keyOut = key == null ? -1 : emitted.indexOf(key);
        this.startOut = emitted.indexOf(Windows.WINDOW_START);
        this.endOut = emitted.indexOf(Windows.WINDOW_END);
        this.firstAggOut = endOut + 1;
        this.backend = new KeyedStateBackend(context.keyGroupRange(), keyType);
        this.processing = context.processingTimers();
        this.wakeUp =
                new ProcessingWakeUp(
                        processing, "a processing-time window", this::advanceProcessingTime);
        if (kind == Kind.SESSION) {
            this.windows = backend.valueState("windows", new KeyWindowsSerializer());
            this.timers = backend.timers("timers", this::onTimer, processing);
            this.panes = null;
        } else {
            this.windows = null;
            this.timers = null;
            this.panes = backend.register(new WindowPanes("panes", backend, aggs));
        }
    }

    private static final double[] NO_DOUBLES = new double[0];

    /**
     * One key's live windows with their accumulators, in parallel arrays sorted by start: a key has
     * as many windows as the watermark lags behind (W4: 30 and more), so a window is found by
     * binary search, and a new one (most often the latest) by one comparison with the last.
     */
    static final class KeyWindows {
        int n;
        long[] starts;
        long[] ends;
        long[] longs; // n × longSlots
        double[] doubles; // n × doubleSlots

        KeyWindows(int capacity, int longSlots, int doubleSlots) {
            starts = new long[capacity];
            ends = new long[capacity];
            longs = new long[capacity * longSlots];
            doubles = doubleSlots == 0 ? NO_DOUBLES : new double[capacity * doubleSlots];
        }
    }

    @Override
    public void processRecord(Row row) throws Exception {
        String failed = aggs.prepare(row, failure);
        if (failed != null) {
            errors.failed(row, failed, failure[0]);
            failure[0] = null;
            return;
        }
        long t = eventTime ? row.getLong(timeIn) : processing.currentTimeMillis();
        setKey(row);
        boolean assigned = false;
        switch (kind) {
            case TUMBLING -> {
                long start = t - Math.floorMod(t, size);
                assigned = add(row, start, start + size);
            }
            case SLIDING -> {
                long last = t - Math.floorMod(t, slide);
                for (long start = last; start > t - size; start -= slide) {
                    assigned |= add(row, start, start + size);
                }
            }
            case SESSION -> assigned = addToSession(row, t, timers.currentWatermark());
        }
        if (!assigned) {
            lateRecords++;
            late.emit(row);
        }
    }

    private void setKey(Row row) {
        if (keyIn < 0) {
            key = Boolean.TRUE;
            backend.setCurrentKey(key, ALL_KEY_HASH);
            return;
        }
        key =
                switch (keyType) {
                    case STRING -> row.getString(keyIn);
                    case LONG -> row.getLong(keyIn);
                    case DOUBLE -> row.getDouble(keyIn);
                    case BOOLEAN -> row.getBoolean(keyIn);
                };
        backend.setCurrentKey(key, row.hashField(keyIn));
    }

    private boolean isLate(long end, long watermark) {
        return eventTime && end - 1 + lateness <= watermark;
    }

    /** Adds the record to window [start, end) of the current key; false if that window is late. */
    private boolean add(Row row, long start, long end) throws Exception {
        if (isLate(end, watermark)) {
            return false;
        }
        WindowPanes.Pane pane = panes.pane(start, end);
        if (pane.n == 0 && !eventTime) {
            wakeUp.request(end - 1);
        }
        int e = panes.entry(pane, key, backend.currentKeyGroup());
        aggs.accumulate(pane.longs, e * longSlots, pane.doubles, e * doubleSlots, row);
        if (pane.fired) {
            emit(key, start, end, pane.longs, e * longSlots, pane.doubles, e * doubleSlots);
        }
        return true;
    }

    /**
     * Fires the panes that end at or before {@code time} and drops those past their lateness too.
     */
    private void firePanes(long time) throws Exception {
        for (int i = 0; i < panes.panes(); ) {
            WindowPanes.Pane p = panes.get(i);
            if (p.end - 1 > time) {
                break; // panes are in order of their ends
            }
            if (!p.fired) {
                p.fired = true;
                for (int e = 0; e < p.n; e++) {
                    emit(
                            p.keys[e],
                            p.start,
                            p.end,
                            p.longs,
                            e * longSlots,
                            p.doubles,
                            e * doubleSlots);
                }
            }
            if (p.end - 1 + lateness <= time) {
                panes.remove(i);
            } else {
                i++;
            }
        }
    }

    private void advanceProcessingTime(long now) throws Exception {
        firePanes(now);
        wakeUp.reset();
        if (panes.panes() > 0) {
            wakeUp.request(panes.get(0).end - 1);
        }
    }

    private boolean addToSession(Row row, long t, long watermark) throws Exception {
        long start = t;
        long end = t + gap;
        if (isLate(end, watermark)) {
            return false;
        }
        KeyWindows w = windows.value();
        w = ensureRoom(w);
        // Merge every session this record's [t, t + gap) overlaps into one.
        int target = -1;
        for (int i = 0; i < w.n; ) {
            if (w.starts[i] < end && t < w.ends[i]) {
                deleteTimers(w.starts[i], w.ends[i]);
                start = Math.min(start, w.starts[i]);
                end = Math.max(end, w.ends[i]);
                if (target < 0) {
                    target = i;
                    i++;
                } else {
                    aggs.merge(
                            w.longs,
                            target * longSlots,
                            i * longSlots,
                            w.doubles,
                            target * doubleSlots,
                            i * doubleSlots);
                    remove(w, i); // the next window moves to i: look at i again
                }
            } else {
                i++;
            }
        }
        if (target < 0) {
            target = insert(w, -indexOf(w, start) - 1, start, end);
        } else {
            w.starts[target] = start;
            w.ends[target] = end;
        }
        registerTimers(start, end);
        aggs.accumulate(w.longs, target * longSlots, w.doubles, target * doubleSlots, row);
        if (eventTime && end - 1 <= watermark) {
            emit(w, target);
        }
        return true;
    }

    private void registerTimers(long start, long end) {
        if (eventTime) {
            timers.registerEventTimeTimer(start, end - 1);
            if (lateness > 0) {
                timers.registerEventTimeTimer(start, end - 1 + lateness);
            }
        } else {
            timers.registerProcessingTimeTimer(start, end - 1);
        }
    }

    private void deleteTimers(long start, long end) {
        if (eventTime) {
            timers.deleteEventTimeTimer(start, end - 1);
            if (lateness > 0) {
                timers.deleteEventTimeTimer(start, end - 1 + lateness);
            }
        } else {
            timers.deleteProcessingTimeTimer(start, end - 1);
        }
    }

    private void onTimer(long timestamp, long start, boolean eventTimeTimer) throws Exception {
        KeyWindows w = windows.value();
        int i = w == null ? -1 : indexOf(w, start);
        if (i < 0) {
            return;
        }
        long end = w.ends[i];
        if (timestamp == end - 1) {
            emit(w, i);
            if (lateness == 0) {
                discard(w, i);
            }
        } else if (timestamp == end - 1 + lateness) {
            discard(w, i);
        }
    }

    private void discard(KeyWindows w, int i) {
        remove(w, i);
        if (w.n == 0) {
            windows.clear();
        }
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        if (timers != null) {
            timers.advanceWatermark(watermark);
        } else if (watermark > this.watermark) {
            this.watermark = watermark;
            firePanes(watermark);
        }
    }

    @Override
    public void finish() throws Exception {
        if (!eventTime) {
            // Processing time does not end with the input: fire what is open (Flink does too).
            if (timers != null) {
                timers.advanceProcessingTime(Long.MAX_VALUE);
            } else {
                firePanes(Long.MAX_VALUE);
            }
        }
    }

    private void emit(KeyWindows w, int i) throws Exception {
        emit(
                backend.currentKey(),
                w.starts[i],
                w.ends[i],
                w.longs,
                i * longSlots,
                w.doubles,
                i * doubleSlots);
    }

    private void emit(
            Object key, long start, long end, long[] longs, int lb, double[] doubles, int db)
            throws Exception {
        if (keyOut >= 0) {
            switch (keyType) {
                case STRING -> result.setString(keyOut, (String) key);
                case LONG -> result.setLong(keyOut, (Long) key);
                case DOUBLE -> result.setDouble(keyOut, (Double) key);
                case BOOLEAN -> result.setBoolean(keyOut, (Boolean) key);
            }
        }
        result.setLong(startOut, start);
        result.setLong(endOut, end);
        aggs.write(longs, lb, doubles, db, result, firstAggOut);
        firedWindows++;
        out.emit(result);
    }

    /** The index of the window starting at {@code start}, else -(where it would go) - 1. */
    private static int indexOf(KeyWindows w, long start) {
        int high = w.n - 1;
        if (high < 0 || w.starts[high] < start) {
            return -w.n - 1;
        }
        return java.util.Arrays.binarySearch(w.starts, 0, w.n, start);
    }

    private KeyWindows ensureRoom(KeyWindows w) {
        if (w == null) {
            w =
                    new KeyWindows(
                            kind == Kind.SLIDING ? (int) Math.min(8, size / slide + 1) : 1,
                            longSlots,
                            doubleSlots);
            windows.update(w);
        } else if (w.n == w.starts.length) {
            int capacity = w.starts.length * 2;
            w.starts = java.util.Arrays.copyOf(w.starts, capacity);
            w.ends = java.util.Arrays.copyOf(w.ends, capacity);
            w.longs = java.util.Arrays.copyOf(w.longs, capacity * longSlots);
            if (doubleSlots > 0) {
                w.doubles = java.util.Arrays.copyOf(w.doubles, capacity * doubleSlots);
            }
        }
        return w;
    }

    /**
     * A new window at index {@code i} (the later ones move up), with empty accumulators (min/max at
     * their identities); returns {@code i}.
     */
    private int insert(KeyWindows w, int i, long start, long end) {
        if (w.n == w.starts.length) {
            ensureRoom(w);
        }
        int after = w.n - i;
        if (after > 0) {
            System.arraycopy(w.starts, i, w.starts, i + 1, after);
            System.arraycopy(w.ends, i, w.ends, i + 1, after);
            System.arraycopy(
                    w.longs, i * longSlots, w.longs, (i + 1) * longSlots, after * longSlots);
            System.arraycopy(
                    w.doubles,
                    i * doubleSlots,
                    w.doubles,
                    (i + 1) * doubleSlots,
                    after * doubleSlots);
        }
        w.n++;
        w.starts[i] = start;
        w.ends[i] = end;
        aggs.init(w.longs, i * longSlots, w.doubles, i * doubleSlots);
        return i;
    }

    /** Removes window {@code i}: the later ones move down. */
    private void remove(KeyWindows w, int i) {
        int after = --w.n - i;
        if (after > 0) {
            System.arraycopy(w.starts, i + 1, w.starts, i, after);
            System.arraycopy(w.ends, i + 1, w.ends, i, after);
            System.arraycopy(
                    w.longs, (i + 1) * longSlots, w.longs, i * longSlots, after * longSlots);
            System.arraycopy(
                    w.doubles,
                    (i + 1) * doubleSlots,
                    w.doubles,
                    i * doubleSlots,
                    after * doubleSlots);
        }
    }

    private final class KeyWindowsSerializer implements StateSerializer<KeyWindows> {
        @Override
        public void write(KeyWindows w, DataOutput o) throws IOException {
            o.writeInt(w.n);
            for (int i = 0; i < w.n; i++) {
                o.writeLong(w.starts[i]);
                o.writeLong(w.ends[i]);
                for (int s = 0; s < longSlots; s++) {
                    o.writeLong(w.longs[i * longSlots + s]);
                }
                for (int s = 0; s < doubleSlots; s++) {
                    o.writeDouble(w.doubles[i * doubleSlots + s]);
                }
            }
        }

        @Override
        public KeyWindows read(DataInput in) throws IOException {
            int n = in.readInt();
            if (n < 1 || n > 1 << 20) {
                throw new IOException("a key with " + n + " windows");
            }
            KeyWindows w = new KeyWindows(n, longSlots, doubleSlots);
            w.n = n;
            for (int i = 0; i < n; i++) {
                w.starts[i] = in.readLong();
                w.ends[i] = in.readLong();
                if (i > 0 && w.starts[i] <= w.starts[i - 1]) {
                    throw new IOException("a key's windows out of order at " + w.starts[i]);
                }
                for (int s = 0; s < longSlots; s++) {
                    w.longs[i * longSlots + s] = in.readLong();
                }
                for (int s = 0; s < doubleSlots; s++) {
                    w.doubles[i * doubleSlots + s] = in.readDouble();
                }
            }
            return w;
        }
    }

    @Override
    public void snapshotState(long checkpointId, DataOutput out) throws IOException {
        out.writeLong(lateRecords);
        backend.snapshot(out);
    }

    /**
     * Adds one snapshot's key groups that this subtask owns; may be called once per old subtask
     * when the parallelism changed (the late-record count is then summed, so it stays a total).
     */
    @Override
    public void restoreState(DataInput in) throws IOException {
        lateRecords += in.readLong();
        backend.restore(in);
        if (!eventTime) {
            if (timers != null) {
                timers.resumeProcessingTime();
            } else if (panes.panes() > 0) {
                wakeUp.request(panes.get(0).end - 1);
            }
        }
    }

    @Override
    public void reportMetrics(OperatorMetrics metrics) {
        metrics.gauge("late-records", lateRecords);
        errors.reportMetrics(metrics);
        metrics.gauge("fired-windows", firedWindows);
        metrics.gauge("state-entries", backend.size());
    }

    // ---- views for tests (task thread) -----------------------------------------------------

    public long lateRecords() {
        return lateRecords;
    }

    public long stateEntries() {
        return backend.size();
    }
}
