package io.spate.executor.operators;

import io.spate.executor.state.KeyedStateBackend;
import io.spate.executor.state.KeyedTimers;
import io.spate.executor.state.StateSerializer;
import io.spate.executor.state.ValueState;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import io.spate.transform.TransformConfig;
import io.spate.transform.Windows;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

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
 * <p>State: the keyed state backend (per key group): the key's live windows and the timers.
 */
public final class WindowOperator implements OneInputOperator {

    /** Window-all's one key, Boolean.TRUE, hashed as a boolean field holding true. */
    private static final int ALL_KEY_HASH = io.spate.record.Hashing.hashLong(1);

    private enum Kind {
        TUMBLING,
        SLIDING,
        SESSION
    }

    private enum Agg {
        COUNT,
        SUM,
        MIN,
        MAX,
        AVG
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
    private final Agg[] aggs;
    private final int[] aggIn; // input field, -1 for count
    private final boolean[] aggDouble;
    private final int[] aggSlot; // long slot or double slot
    private final int longSlots; // slot 0 = record count
    private final int doubleSlots;
    private final Row result;
    private final int keyOut;
    private final int startOut;
    private final int endOut;
    private final int firstAggOut;
    private final KeyedStateBackend backend;
    private final ValueState<KeyWindows> windows;
    private final KeyedTimers timers;
    private final io.spate.executor.state.ProcessingTimers processing;
    private long lateRecords;
    private long firedWindows;

    public WindowOperator(OperatorContext context, Output out) {
        TransformConfig config = context.spec().config();
        Schema in = context.spec().inputSchema().orElseThrow();
        Schema emitted = context.spec().outputSchema().orElseThrow();
        this.out = out;
        this.late = context.sideOutputs().apply("late");
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
        List<Windows.Aggregation> list = Windows.aggregations(config);
        aggs = new Agg[list.size()];
        aggIn = new int[list.size()];
        aggDouble = new boolean[list.size()];
        aggSlot = new int[list.size()];
        int longs = 1;
        int doubles = 0;
        for (int j = 0; j < list.size(); j++) {
            Windows.Aggregation a = list.get(j);
            aggs[j] = Agg.valueOf(a.kind().toUpperCase(java.util.Locale.ROOT));
            aggIn[j] = a.field().map(in::indexOf).orElse(-1);
            aggDouble[j] =
                    aggs[j] == Agg.AVG
                            || aggIn[j] >= 0 && in.field(aggIn[j]).type() == FieldType.DOUBLE;
            if (aggs[j] == Agg.COUNT) {
                aggSlot[j] = 0;
            } else if (aggDouble[j]) {
                aggSlot[j] = doubles++;
            } else {
                aggSlot[j] = longs++;
            }
        }
        this.longSlots = longs;
        this.doubleSlots = doubles;
        this.result = new Row(emitted);
        this.keyOut = key == null ? -1 : emitted.indexOf(key);
        this.startOut = emitted.indexOf(Windows.WINDOW_START);
        this.endOut = emitted.indexOf(Windows.WINDOW_END);
        this.firstAggOut = endOut + 1;
        this.backend = new KeyedStateBackend(context.keyGroupRange(), keyType);
        this.windows = backend.valueState("windows", new KeyWindowsSerializer());
        this.processing = context.processingTimers();
        this.timers = backend.timers("timers", this::onTimer, processing);
    }

    /** One key's live windows with their accumulators, in parallel arrays. */
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
            doubles = new double[capacity * doubleSlots];
        }
    }

    @Override
    public void processRecord(Row row) throws Exception {
        long t = eventTime ? row.getLong(timeIn) : processing.currentTimeMillis();
        setKey(row);
        long watermark = timers.currentWatermark();
        boolean assigned = false;
        switch (kind) {
            case TUMBLING -> {
                long start = t - Math.floorMod(t, size);
                assigned = add(row, start, start + size, watermark);
            }
            case SLIDING -> {
                long last = t - Math.floorMod(t, slide);
                for (long start = last; start > t - size; start -= slide) {
                    assigned |= add(row, start, start + size, watermark);
                }
            }
            case SESSION -> assigned = addToSession(row, t, watermark);
        }
        if (!assigned) {
            lateRecords++;
            late.emit(row);
        }
    }

    private void setKey(Row row) {
        if (keyIn < 0) {
            backend.setCurrentKey(Boolean.TRUE, ALL_KEY_HASH);
            return;
        }
        Object key =
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
    private boolean add(Row row, long start, long end, long watermark) throws Exception {
        if (isLate(end, watermark)) {
            return false;
        }
        KeyWindows w = windows.value();
        int i = w == null ? -1 : indexOf(w, start);
        if (i < 0) {
            w = ensureRoom(w);
            i = append(w, start, end);
            registerTimers(start, end);
        }
        accumulate(w, i, row);
        if (eventTime && end - 1 <= watermark) {
            emit(w, i); // a late update within allowedLateness: fire again at once
        }
        return true;
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
                    merge(w, target, i);
                    remove(w, i); // the last window moves to i: look at i again
                }
            } else {
                i++;
            }
        }
        if (target < 0) {
            target = append(w, start, end);
        } else {
            w.starts[target] = start;
            w.ends[target] = end;
        }
        registerTimers(start, end);
        accumulate(w, target, row);
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
        timers.advanceWatermark(watermark);
    }

    @Override
    public void finish() throws Exception {
        if (!eventTime) {
            // Processing time does not end with the input: fire what is open (Flink does too).
            timers.advanceProcessingTime(Long.MAX_VALUE);
        }
    }

    private void emit(KeyWindows w, int i) throws Exception {
        if (keyOut >= 0) {
            Object key = backend.currentKey();
            switch (keyType) {
                case STRING -> result.setString(keyOut, (String) key);
                case LONG -> result.setLong(keyOut, (Long) key);
                case DOUBLE -> result.setDouble(keyOut, (Double) key);
                case BOOLEAN -> result.setBoolean(keyOut, (Boolean) key);
            }
        }
        result.setLong(startOut, w.starts[i]);
        result.setLong(endOut, w.ends[i]);
        long count = w.longs[i * longSlots];
        for (int j = 0; j < aggs.length; j++) {
            int field = firstAggOut + j;
            int slot = aggSlot[j];
            switch (aggs[j]) {
                case COUNT -> result.setLong(field, count);
                case AVG -> result.setDouble(field, w.doubles[i * doubleSlots + slot] / count);
                default -> {
                    if (aggDouble[j]) {
                        result.setDouble(field, w.doubles[i * doubleSlots + slot]);
                    } else {
                        result.setLong(field, w.longs[i * longSlots + slot]);
                    }
                }
            }
        }
        firedWindows++;
        out.emit(result);
    }

    private void accumulate(KeyWindows w, int i, Row row) {
        int lb = i * longSlots;
        int db = i * doubleSlots;
        w.longs[lb]++;
        for (int j = 0; j < aggs.length; j++) {
            if (aggs[j] == Agg.COUNT) {
                continue;
            }
            int slot = aggSlot[j];
            if (aggDouble[j]) {
                double v =
                        in(row, aggIn[j]) == FieldType.DOUBLE
                                ? row.getDouble(aggIn[j])
                                : row.getLong(aggIn[j]);
                double[] d = w.doubles;
                switch (aggs[j]) {
                    case SUM, AVG -> d[db + slot] += v;
                    case MIN -> d[db + slot] = Math.min(d[db + slot], v);
                    case MAX -> d[db + slot] = Math.max(d[db + slot], v);
                    default -> {}
                }
            } else {
                long v = row.getLong(aggIn[j]);
                long[] l = w.longs;
                switch (aggs[j]) {
                    case SUM -> l[lb + slot] += v;
                    case MIN -> l[lb + slot] = Math.min(l[lb + slot], v);
                    case MAX -> l[lb + slot] = Math.max(l[lb + slot], v);
                    default -> {}
                }
            }
        }
    }

    private static FieldType in(Row row, int field) {
        return row.schema().field(field).type();
    }

    /** Folds window {@code from}'s accumulators into window {@code into} (session merging). */
    private void merge(KeyWindows w, int into, int from) {
        w.longs[into * longSlots] += w.longs[from * longSlots];
        for (int j = 0; j < aggs.length; j++) {
            if (aggs[j] == Agg.COUNT) {
                continue;
            }
            int slot = aggSlot[j];
            if (aggDouble[j]) {
                int a = into * doubleSlots + slot;
                int b = from * doubleSlots + slot;
                w.doubles[a] =
                        switch (aggs[j]) {
                            case MIN -> Math.min(w.doubles[a], w.doubles[b]);
                            case MAX -> Math.max(w.doubles[a], w.doubles[b]);
                            default -> w.doubles[a] + w.doubles[b];
                        };
            } else {
                int a = into * longSlots + slot;
                int b = from * longSlots + slot;
                w.longs[a] =
                        switch (aggs[j]) {
                            case MIN -> Math.min(w.longs[a], w.longs[b]);
                            case MAX -> Math.max(w.longs[a], w.longs[b]);
                            default -> w.longs[a] + w.longs[b];
                        };
            }
        }
    }

    private static int indexOf(KeyWindows w, long start) {
        for (int i = 0; i < w.n; i++) {
            if (w.starts[i] == start) {
                return i;
            }
        }
        return -1;
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
            w.doubles = java.util.Arrays.copyOf(w.doubles, capacity * doubleSlots);
        }
        return w;
    }

    /** A new window with empty accumulators (min/max at their identities); returns its index. */
    private int append(KeyWindows w, long start, long end) {
        if (w.n == w.starts.length) {
            ensureRoom(w);
        }
        int i = w.n++;
        w.starts[i] = start;
        w.ends[i] = end;
        java.util.Arrays.fill(w.longs, i * longSlots, (i + 1) * longSlots, 0L);
        java.util.Arrays.fill(w.doubles, i * doubleSlots, (i + 1) * doubleSlots, 0.0);
        for (int j = 0; j < aggs.length; j++) {
            if (aggs[j] == Agg.MIN || aggs[j] == Agg.MAX) {
                boolean min = aggs[j] == Agg.MIN;
                if (aggDouble[j]) {
                    w.doubles[i * doubleSlots + aggSlot[j]] =
                            min ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                } else {
                    w.longs[i * longSlots + aggSlot[j]] = min ? Long.MAX_VALUE : Long.MIN_VALUE;
                }
            }
        }
        return i;
    }

    /** Removes window {@code i}: the last one moves into its place. */
    private void remove(KeyWindows w, int i) {
        int last = --w.n;
        if (i != last) {
            w.starts[i] = w.starts[last];
            w.ends[i] = w.ends[last];
            System.arraycopy(w.longs, last * longSlots, w.longs, i * longSlots, longSlots);
            System.arraycopy(
                    w.doubles, last * doubleSlots, w.doubles, i * doubleSlots, doubleSlots);
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
            timers.resumeProcessingTime();
        }
    }

    @Override
    public void reportMetrics(OperatorMetrics metrics) {
        metrics.gauge("late-records", lateRecords);
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
