package io.spate.executor.operators.join;

import io.spate.executor.operators.Output;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import io.spate.transform.Joins;
import io.spate.transform.Windows;
import java.util.List;

/**
 * Builds a Join's output rows, as {@link Joins#columns} lays them out, from a kept row of each side
 * (or the empty values 0, 0.0, false, "" for the missing side of an outer join) and the window's
 * bounds, into one reused row. Counts what it emits. Task thread only.
 */
final class JoinOutput {

    private static final byte LEFT_PRIM = 0;
    private static final byte LEFT_STRING = 1;
    private static final byte RIGHT_PRIM = 2;
    private static final byte RIGHT_STRING = 3;
    private static final byte WINDOW_START = 4;
    private static final byte WINDOW_END = 5;

    private final Output out;
    private final Row row;
    private final byte[] sources;
    private final int[] slots;
    private final FieldType[] types;
    private long windowStart;
    private long windowEnd;
    private long emitted;

    JoinOutput(
            Schema schema,
            List<Joins.Column> columns,
            RowLayout left,
            RowLayout right,
            Output out) {
        this.out = out;
        this.row = new Row(schema);
        int n = columns.size();
        sources = new byte[n];
        slots = new int[n];
        types = new FieldType[n];
        for (int i = 0; i < n; i++) {
            Joins.Column c = columns.get(i);
            types[i] = c.type();
            switch (c.side()) {
                case WINDOW ->
                        sources[i] =
                                c.field().equals(Windows.WINDOW_START) ? WINDOW_START : WINDOW_END;
                case LEFT, RIGHT -> {
                    int slot = (c.side() == Joins.Side.LEFT ? left : right).slotOf(c.field());
                    boolean string = slot < 0;
                    slots[i] = string ? -1 - slot : slot;
                    sources[i] =
                            c.side() == Joins.Side.LEFT
                                    ? (string ? LEFT_STRING : LEFT_PRIM)
                                    : (string ? RIGHT_STRING : RIGHT_PRIM);
                }
            }
        }
    }

    /** The bounds written into window_start and window_end from now on. */
    void window(long start, long end) {
        windowStart = start;
        windowEnd = end;
    }

    /**
     * Emits the row of left row {@code li} of {@code left} and right row {@code ri} of {@code
     * right}; a null buffer stands for the missing side of an outer join.
     */
    void emit(RowBuffer left, int li, RowBuffer right, int ri) throws Exception {
        for (int i = 0; i < sources.length; i++) {
            switch (sources[i]) {
                case LEFT_PRIM -> setPrim(i, left == null ? 0 : left.prim(li, slots[i]));
                case LEFT_STRING -> row.setString(i, left == null ? "" : left.string(li, slots[i]));
                case RIGHT_PRIM -> setPrim(i, right == null ? 0 : right.prim(ri, slots[i]));
                case RIGHT_STRING ->
                        row.setString(i, right == null ? "" : right.string(ri, slots[i]));
                case WINDOW_START -> row.setLong(i, windowStart);
                default -> row.setLong(i, windowEnd);
            }
        }
        emitted++;
        out.emit(row);
    }

    /** Emits row {@code i} of {@code rows}, a row of {@code side}, with the other side empty. */
    void emitAlone(int side, RowBuffer rows, int i) throws Exception {
        if (side == JoinMechanism.LEFT) {
            emit(rows, i, null, 0);
        } else {
            emit(null, 0, rows, i);
        }
    }

    /**
     * Emits row {@code i} of {@code rows} (side {@code side}) paired with row {@code j} of other.
     */
    void emitPair(int side, RowBuffer rows, int i, RowBuffer other, int j) throws Exception {
        if (side == JoinMechanism.LEFT) {
            emit(rows, i, other, j);
        } else {
            emit(other, j, rows, i);
        }
    }

    /**
     * Emits a fired window [start, end) made of windows {@code [from, to)} of {@code w} (its panes,
     * or one session): every left row with every right row; when one side has none, the other's
     * rows alone if that side is outer ({@code outer[side]}).
     */
    void emitWindow(WindowRows w, int from, int to, long start, long end, boolean[] outer)
            throws Exception {
        window(start, end);
        RowBuffer[] left = w.rows[JoinMechanism.LEFT];
        RowBuffer[] right = w.rows[JoinMechanism.RIGHT];
        boolean anyLeft = false;
        boolean anyRight = false;
        for (int p = from; p < to; p++) {
            anyLeft |= left[p] != null && !left[p].isEmpty();
            anyRight |= right[p] != null && !right[p].isEmpty();
        }
        if (anyLeft && anyRight) {
            for (int lp = from; lp < to; lp++) {
                RowBuffer l = left[lp];
                for (int li = 0, ln = l == null ? 0 : l.size(); li < ln; li++) {
                    for (int rp = from; rp < to; rp++) {
                        RowBuffer r = right[rp];
                        for (int ri = 0, rn = r == null ? 0 : r.size(); ri < rn; ri++) {
                            emit(l, li, r, ri);
                        }
                    }
                }
            }
        } else if (anyLeft || anyRight) {
            int side = anyLeft ? JoinMechanism.LEFT : JoinMechanism.RIGHT;
            if (outer[side]) {
                RowBuffer[] alone = anyLeft ? left : right;
                for (int p = from; p < to; p++) {
                    RowBuffer b = alone[p];
                    for (int i = 0, n = b == null ? 0 : b.size(); i < n; i++) {
                        emitAlone(side, b, i);
                    }
                }
            }
        }
    }

    private void setPrim(int i, long bits) {
        switch (types[i]) {
            case LONG -> row.setLong(i, bits);
            case DOUBLE -> row.setDouble(i, Double.longBitsToDouble(bits));
            default -> row.setBoolean(i, bits != 0);
        }
    }

    long emitted() {
        return emitted;
    }

    /** Adds a restored count. */
    void addEmitted(long count) {
        emitted += count;
    }
}
