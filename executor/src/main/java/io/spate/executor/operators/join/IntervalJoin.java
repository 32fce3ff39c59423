package io.spate.executor.operators.join;

import io.spate.executor.state.KeyedStateBackend;
import io.spate.executor.state.KeyedTimers;
import io.spate.executor.state.ProcessingTimers;
import io.spate.executor.state.ValueState;

/**
 * The interval join (Flink: IntervalJoinOperator): rows of a key join when {@code left.t + lower <=
 * right.t <= left.t + upper}. Per key, each side's rows sorted by event time, so an arriving row
 * finds its partners by binary search. A row at or below the watermark is late. A left row is kept
 * until the watermark reaches {@code t + upper}, a right row until {@code t - lower} (no later row
 * can match it then), by one event-time timer per key and side at its earliest row's end; a row of
 * an outer side that never matched is emitted alone when it goes. Task thread only.
 */
final class IntervalJoin implements JoinMechanism {

    private final RowLayout[] layouts;
    private final SideBuffersSerializer serializer;
    private final ValueState<RowBuffer[]> state;
    private final KeyedTimers timers;
    private final long lower;
    private final long upper;
    private final boolean[] outer;
    private final JoinOutput output;
    private long rows;

    /**
     * @param outer per side: whether its unmatched rows are emitted (left, right or full join)
     */
    IntervalJoin(
            KeyedStateBackend backend,
            RowLayout left,
            RowLayout right,
            long lower,
            long upper,
            boolean[] outer,
            ProcessingTimers processing,
            JoinOutput output) {
        this.layouts = new RowLayout[] {left, right};
        this.serializer = new SideBuffersSerializer(left, right);
        this.state = backend.valueState("rows", serializer);
        this.timers = backend.timers("cleanup", this::onTimer, processing);
        this.lower = lower;
        this.upper = upper;
        this.outer = outer.clone();
        this.output = output;
    }

    /** The watermark from which a row of {@code side} at {@code t} can match no later row. */
    private long end(int side, long t) {
        return side == LEFT ? t + upper : t - lower;
    }

    @Override
    public boolean isLate(int side, long t) {
        return t <= timers.currentWatermark();
    }

    @Override
    public void add(int side, RowBuffer staged, long t) throws Exception {
        RowBuffer[] sides = state.value();
        boolean matched = false;
        RowBuffer other = sides == null ? null : sides[1 - side];
        if (other != null) {
            boolean otherOuter = outer[1 - side];
            long from = side == LEFT ? t + lower : t - upper;
            long to = side == LEFT ? t + upper : t - lower;
            for (int i = other.lowerBound(from), n = other.size();
                    i < n && other.time(i) <= to;
                    i++) {
                output.emitPair(side, staged, 0, other, i);
                if (otherOuter) {
                    other.setMatched(i);
                }
                matched = true;
            }
        }
        long end = end(side, t);
        if (end <= timers.currentWatermark()) {
            // Nothing that comes later can match it: do not keep it.
            if (!matched && outer[side]) {
                output.emitAlone(side, staged, 0);
            }
            return;
        }
        if (sides == null) {
            sides = new RowBuffer[2];
            state.update(sides);
        }
        RowBuffer mine = sides[side];
        if (mine == null) {
            mine = sides[side] = new RowBuffer(layouts[side], 1);
        }
        int at = mine.insertSorted(staged, 0, t, matched);
        rows++;
        if (at == 0) {
            // The earliest row: the side's one timer moves to its end.
            if (mine.size() > 1) {
                timers.deleteEventTimeTimer(side, end(side, mine.time(1)));
            }
            timers.registerEventTimeTimer(side, end);
        }
    }

    private void onTimer(long timestamp, long namespace, boolean eventTime) throws Exception {
        RowBuffer[] sides = state.value();
        int side = (int) namespace;
        RowBuffer b = sides == null ? null : sides[side];
        if (b == null) {
            return;
        }
        long watermark = timers.currentWatermark();
        while (!b.isEmpty() && end(side, b.time(0)) <= watermark) {
            if (outer[side] && !b.matched(0)) {
                output.emitAlone(side, b, 0);
            }
            b.removeFirst();
            rows--;
        }
        if (!b.isEmpty()) {
            timers.registerEventTimeTimer(side, end(side, b.time(0)));
        } else {
            sides[side] = null;
            if (sides[1 - side] == null) {
                state.clear();
            }
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
