package io.spate.executor.operators.join;

import io.spate.executor.state.KeyedStateBackend;
import io.spate.executor.state.KeyedTimers;
import io.spate.executor.state.ProcessingTimers;
import io.spate.executor.state.ValueState;

/**
 * The regular join (Flink: StreamingJoinOperator, inner): per key, the rows of both sides in
 * arrival order; an arriving row joins every kept row of the other side, then is kept. With {@code
 * stateTtl} a row lives while {@code now < storedAt + ttl} (processing time): an expired row never
 * joins again, and a processing-time timer per key and side (at its oldest row's expiry) removes
 * the expired rows, so the state stays bounded. Task thread only.
 */
final class RegularJoin implements JoinMechanism {

    private final RowLayout[] layouts;
    private final SideBuffersSerializer serializer;
    private final ValueState<RowBuffer[]> state;
    private final KeyedTimers timers; // with a TTL only
    private final ProcessingTimers processing;
    private final long ttl; // 0: none
    private final JoinOutput output;
    private long rows;

    RegularJoin(
            KeyedStateBackend backend,
            RowLayout left,
            RowLayout right,
            long ttlMillis,
            ProcessingTimers processing,
            JoinOutput output) {
        this.layouts = new RowLayout[] {left, right};
        this.serializer = new SideBuffersSerializer(left, right);
        this.state = backend.valueState("rows", serializer);
        this.ttl = ttlMillis;
        this.processing = processing;
        this.timers = ttlMillis > 0 ? backend.timers("ttl", this::onTimer, processing) : null;
        this.output = output;
    }

    @Override
    public boolean isLate(int side, long t) {
        return false;
    }

    @Override
    public void add(int side, RowBuffer staged, long t) throws Exception {
        long now = ttl > 0 ? processing.currentTimeMillis() : 0;
        RowBuffer[] sides = state.value();
        if (sides == null) {
            sides = new RowBuffer[2];
            state.update(sides);
        } else {
            int o = 1 - side;
            if (ttl > 0 && sides[o] != null) {
                expire(sides, o, now);
            }
            RowBuffer other = sides[o];
            if (other != null) {
                for (int i = 0, n = other.size(); i < n; i++) {
                    output.emitPair(side, staged, 0, other, i);
                }
            }
            if (ttl > 0 && sides[side] != null) {
                expire(sides, side, now);
            }
        }
        RowBuffer mine = sides[side];
        if (mine == null) {
            mine = sides[side] = new RowBuffer(layouts[side], 1);
            if (ttl > 0) {
                // The first row of this side: it expires first. (An emptied side's old timer may
                // still come; it then finds nothing due.)
                timers.registerProcessingTimeTimer(side, now + ttl);
            }
        }
        mine.append(staged, 0, now, false);
        rows++;
    }

    /** Drops the rows of {@code side} that expired by {@code now}; an empty side becomes null. */
    private void expire(RowBuffer[] sides, int side, long now) {
        RowBuffer b = sides[side];
        while (!b.isEmpty() && b.time(0) + ttl <= now) {
            b.removeFirst();
            rows--;
        }
        if (b.isEmpty()) {
            sides[side] = null;
        }
    }

    private void onTimer(long timestamp, long side, boolean eventTime) {
        RowBuffer[] sides = state.value();
        if (sides == null || sides[(int) side] == null) {
            return;
        }
        int s = (int) side;
        expire(sides, s, Math.max(timestamp, processing.currentTimeMillis()));
        if (sides[s] != null) {
            timers.registerProcessingTimeTimer(s, sides[s].time(0) + ttl);
        } else if (sides[1 - s] == null) {
            state.clear();
        }
    }

    @Override
    public void restored() {
        if (timers != null) {
            timers.resumeProcessingTime();
        }
    }

    @Override
    public long rows() {
        return rows + serializer.rowsRead();
    }
}
