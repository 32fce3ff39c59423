package io.spate.executor.operators.join;

import io.spate.executor.state.KeyedStateBackend;
import io.spate.executor.state.KeyedTimers;
import io.spate.executor.state.ProcessingTimers;
import io.spate.executor.state.ValueState;

/**
 * The tumbling and sliding window join (Flink: a window join over tumbling or sliding event-time
 * windows): rows of a key in the same window [start, end) join when the watermark reaches end - 1,
 * window_start and window_end added. Windows are aligned to the epoch, one every {@code slide}. A
 * row is kept once, in its pane of gcd(size, slide) ms; a window fires the panes it covers, from an
 * event-time timer per key and window, and a pane goes when its last window fired. A row added when
 * some of its windows fired already joins in the later ones only; one whose windows all fired is
 * late. Task thread only.
 */
final class WindowJoin implements JoinMechanism {

    private final RowLayout[] layouts;
    private final WindowRows.Serializer serializer;
    private final ValueState<WindowRows> state;
    private final KeyedTimers timers;
    private final long size;
    private final long slide;
    private final long pane;
    private final boolean[] outer;
    private final JoinOutput output;
    private long rows;

    WindowJoin(
            KeyedStateBackend backend,
            RowLayout left,
            RowLayout right,
            long size,
            long slide,
            boolean[] outer,
            ProcessingTimers processing,
            JoinOutput output) {
        this.layouts = new RowLayout[] {left, right};
        this.serializer = new WindowRows.Serializer(left, right);
        this.state = backend.valueState("panes", serializer);
        this.timers = backend.timers("windows", this::onTimer, processing);
        this.size = size;
        this.slide = slide;
        this.pane = gcd(size, slide);
        this.outer = outer.clone();
        this.output = output;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long r = a % b;
            a = b;
            b = r;
        }
        return a;
    }

    /** The start of the last window holding {@code t} (or the pane starting at t). */
    private long lastStart(long t) {
        return t - Math.floorMod(t, slide);
    }

    @Override
    public boolean isLate(int side, long t) {
        return lastStart(t) + size - 1 <= timers.currentWatermark();
    }

    @Override
    public void add(int side, RowBuffer staged, long t) throws Exception {
        WindowRows w = state.value();
        if (w == null) {
            w = new WindowRows(Math.max(1, (int) Math.min(8, size / slide)));
            state.update(w);
        }
        long p = t - Math.floorMod(t, pane);
        int i = w.indexOf(p);
        if (i < 0) {
            i = w.insert(-i - 1, p, p + pane);
        }
        w.rowsToAdd(side, i, layouts[side]).append(staged, 0, t, false);
        rows++;
        long watermark = timers.currentWatermark();
        for (long start = lastStart(t); start > t - size; start -= slide) {
            long fire = start + size - 1;
            if (fire <= watermark) {
                break; // this window fired, and so did the earlier ones
            }
            timers.registerEventTimeTimer(0, fire);
        }
    }

    private void onTimer(long timestamp, long namespace, boolean eventTime) throws Exception {
        WindowRows w = state.value();
        if (w == null) {
            return;
        }
        long end = timestamp + 1;
        long start = end - size;
        int from = w.firstFrom(start);
        int to = w.firstFrom(end);
        output.emitWindow(w, from, to, start, end, outer);
        // Drop the panes whose last window this was (or an earlier one).
        int gone = 0;
        while (gone < w.n && lastStart(w.starts[gone]) + size - 1 <= timestamp) {
            rows -= count(w, gone);
            gone++;
        }
        w.removeFirst(gone);
        if (w.n == 0) {
            state.clear();
        }
    }

    private static int count(WindowRows w, int i) {
        RowBuffer l = w.rows[LEFT][i];
        RowBuffer r = w.rows[RIGHT][i];
        return (l == null ? 0 : l.size()) + (r == null ? 0 : r.size());
    }

    @Override
    public void advanceWatermark(long watermark) throws Exception {
        timers.advanceWatermark(watermark);
    }

    @Override
    public long rows() {
        return rows + serializer.rowsRead();
    }
}
