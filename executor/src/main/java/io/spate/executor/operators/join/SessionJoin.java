package io.spate.executor.operators.join;

import io.spate.executor.state.KeyedStateBackend;
import io.spate.executor.state.KeyedTimers;
import io.spate.executor.state.ProcessingTimers;
import io.spate.executor.state.ValueState;

/**
 * The session window join: per key, the rows of both sides together form sessions (a row at t
 * covers [t, t + gap); overlapping sessions merge, with their rows); a session fires when the
 * watermark reaches its end - 1, from an event-time timer per key and session, joining its left and
 * right rows (window_start, window_end = the session's bounds), and goes. A row whose own [t, t +
 * gap) ends at or below the watermark is late, as in the Window operator. Task thread only.
 */
final class SessionJoin implements JoinMechanism {

    private final RowLayout[] layouts;
    private final WindowRows.Serializer serializer;
    private final ValueState<WindowRows> state;
    private final KeyedTimers timers;
    private final long gap;
    private final boolean[] outer;
    private final JoinOutput output;
    private long rows;

    SessionJoin(
            KeyedStateBackend backend,
            RowLayout left,
            RowLayout right,
            long gap,
            boolean[] outer,
            ProcessingTimers processing,
            JoinOutput output) {
        this.layouts = new RowLayout[] {left, right};
        this.serializer = new WindowRows.Serializer(left, right);
        this.state = backend.valueState("sessions", serializer);
        this.timers = backend.timers("timers", this::onTimer, processing);
        this.gap = gap;
        this.outer = outer.clone();
        this.output = output;
    }

    @Override
    public boolean isLate(int side, long t) {
        return t + gap - 1 <= timers.currentWatermark();
    }

    @Override
    public void add(int side, RowBuffer staged, long t) throws Exception {
        WindowRows w = state.value();
        if (w == null) {
            w = new WindowRows(1);
            state.update(w);
        }
        long start = t;
        long end = t + gap;
        // Merge every session [t, t + gap) overlaps into the first of them.
        int target = -1;
        for (int i = 0; i < w.n && w.starts[i] < end; ) {
            if (t < w.ends[i]) {
                timers.deleteEventTimeTimer(w.starts[i], w.ends[i] - 1);
                start = Math.min(start, w.starts[i]);
                end = Math.max(end, w.ends[i]);
                if (target < 0) {
                    target = i++;
                } else {
                    for (int s = 0; s < 2; s++) {
                        RowBuffer b = w.rows[s][i];
                        if (b != null) {
                            w.rowsToAdd(s, target, layouts[s]).appendAll(b);
                        }
                    }
                    w.remove(i); // the next session moves to i
                }
            } else {
                i++;
            }
        }
        if (target < 0) {
            target = w.insert(w.firstFrom(start), start, end);
        } else {
            w.starts[target] = start;
            w.ends[target] = end;
        }
        timers.registerEventTimeTimer(start, end - 1);
        w.rowsToAdd(side, target, layouts[side]).append(staged, 0, t, false);
        rows++;
    }

    private void onTimer(long timestamp, long start, boolean eventTime) throws Exception {
        WindowRows w = state.value();
        int i = w == null ? -1 : w.indexOf(start);
        if (i < 0 || w.ends[i] - 1 != timestamp) {
            return;
        }
        output.emitWindow(w, i, i + 1, start, w.ends[i], outer);
        RowBuffer l = w.rows[LEFT][i];
        RowBuffer r = w.rows[RIGHT][i];
        rows -= (l == null ? 0 : l.size()) + (r == null ? 0 : r.size());
        w.remove(i);
        if (w.n == 0) {
            state.clear();
        }
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
