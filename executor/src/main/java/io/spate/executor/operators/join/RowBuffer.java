package io.spate.executor.operators.join;

import io.spate.record.Row;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The rows of one side that a Join keeps for one key (and window): each row's kept fields in flat
 * slot arrays laid out by a {@link RowLayout}, a time (event time, or when it was stored) and
 * whether it has matched; in arrival order, or sorted by time when added with {@link
 * #insertSorted}. The oldest rows go first ({@link #removeFirst}) in O(1). No object per row beyond
 * its strings. Task thread only.
 */
final class RowBuffer {

    private static final long[] NO_LONGS = new long[0];
    private static final String[] NO_STRINGS = new String[0];

    final RowLayout layout;
    private final int np;
    private final int ns;
    private long[] prims;
    private String[] strings;
    private long[] times;
    private boolean[] matched; // null until a row matched (only outer interval joins ask)
    private int head; // rows live in [head, end)
    private int end;

    RowBuffer(RowLayout layout, int capacity) {
        this.layout = layout;
        this.np = layout.prims();
        this.ns = layout.strings();
        this.prims = np == 0 ? NO_LONGS : new long[capacity * np];
        this.strings = ns == 0 ? NO_STRINGS : new String[capacity * ns];
        this.times = new long[capacity];
    }

    int size() {
        return end - head;
    }

    boolean isEmpty() {
        return end == head;
    }

    long time(int i) {
        return times[head + i];
    }

    boolean matched(int i) {
        return matched != null && matched[head + i];
    }

    void setMatched(int i) {
        flags()[head + i] = true;
    }

    private boolean[] flags() {
        if (matched == null) {
            matched = new boolean[times.length];
        }
        return matched;
    }

    private void setFlag(int at, boolean isMatched) {
        if (isMatched) {
            flags()[at] = true;
        } else if (matched != null) {
            matched[at] = false;
        }
    }

    /** Row {@code i}'s number slot {@code slot} (raw bits). */
    long prim(int i, int slot) {
        return prims[(head + i) * np + slot];
    }

    String string(int i, int slot) {
        return strings[(head + i) * ns + slot];
    }

    /**
     * Empties the staging buffer of an arriving row; its strings stay referenced until the next row
     * overwrites them.
     */
    void clear() {
        head = 0;
        end = 0;
    }

    /** Appends the kept fields of {@code row} (a copy: the row may be a buffer view). */
    void append(Row row, long time, boolean isMatched) {
        int at = room();
        layout.extract(row, prims, at * np, strings, at * ns);
        times[at] = time;
        setFlag(at, isMatched);
        end++;
    }

    /** Appends row {@code i} of {@code from} (of the same layout). */
    void append(RowBuffer from, int i, long time, boolean isMatched) {
        int at = room();
        copySlots(from, from.head + i, at);
        times[at] = time;
        setFlag(at, isMatched);
        end++;
    }

    /** Appends every row of {@code from}, keeping their times and flags. */
    void appendAll(RowBuffer from) {
        for (int i = 0; i < from.size(); i++) {
            append(from, i, from.time(i), from.matched(i));
        }
    }

    /**
     * Inserts row {@code i} of {@code from} in time order, after the rows of an equal time; returns
     * its index. Rows mostly arrive in order, so the place is searched from the end.
     */
    int insertSorted(RowBuffer from, int i, long time, boolean isMatched) {
        room(); // may compact the rows down to 0: find the place after it
        int pos = end;
        while (pos > head && times[pos - 1] > time) {
            pos--;
        }
        int after = end - pos;
        if (after > 0) {
            System.arraycopy(times, pos, times, pos + 1, after);
            if (matched != null) {
                System.arraycopy(matched, pos, matched, pos + 1, after);
            }
            if (np > 0) {
                System.arraycopy(prims, pos * np, prims, (pos + 1) * np, after * np);
            }
            if (ns > 0) {
                System.arraycopy(strings, pos * ns, strings, (pos + 1) * ns, after * ns);
            }
        }
        copySlots(from, from.head + i, pos);
        times[pos] = time;
        setFlag(pos, isMatched);
        end++;
        return pos - head;
    }

    /** The index of the first row whose time is at least {@code time} (rows sorted by time). */
    int lowerBound(long time) {
        int low = head;
        int high = end;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (times[mid] < time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low - head;
    }

    /** Drops the first (oldest) row. */
    void removeFirst() {
        for (int i = head * ns, e = i + ns; i < e; i++) {
            strings[i] = null;
        }
        head++;
        if (head == end) {
            head = 0;
            end = 0;
        }
    }

    private void copySlots(RowBuffer from, int fromIndex, int to) {
        if (np > 0) {
            System.arraycopy(from.prims, fromIndex * np, prims, to * np, np);
        }
        if (ns > 0) {
            System.arraycopy(from.strings, fromIndex * ns, strings, to * ns, ns);
        }
    }

    /**
     * Makes room for one row at {@code end}, compacting the dropped rows away or growing; returns
     * {@code end} (which compaction may have moved).
     */
    private int room() {
        if (end < times.length) {
            return end;
        }
        int n = end - head;
        if (head > 0 && n <= times.length / 2) {
            shift(n);
            return end;
        }
        int capacity = Math.max(2, times.length * 2);
        if (head > 0) {
            shift(n);
        }
        times = Arrays.copyOf(times, capacity);
        if (matched != null) {
            matched = Arrays.copyOf(matched, capacity);
        }
        if (np > 0) {
            prims = Arrays.copyOf(prims, capacity * np);
        }
        if (ns > 0) {
            strings = Arrays.copyOf(strings, capacity * ns);
        }
        return end;
    }

    /** Moves the live rows to index 0. */
    private void shift(int n) {
        System.arraycopy(times, head, times, 0, n);
        if (matched != null) {
            System.arraycopy(matched, head, matched, 0, n);
        }
        if (np > 0) {
            System.arraycopy(prims, head * np, prims, 0, n * np);
        }
        if (ns > 0) {
            System.arraycopy(strings, head * ns, strings, 0, n * ns);
            Arrays.fill(strings, n * ns, end * ns, null);
        }
        head = 0;
        end = n;
    }

    /** {@code [rows: int]{[time: long][matched: boolean][slots]}}. */
    void write(DataOutput out) throws IOException {
        out.writeInt(size());
        for (int i = head; i < end; i++) {
            out.writeLong(times[i]);
            out.writeBoolean(matched != null && matched[i]);
            layout.write(prims, i * np, strings, i * ns, out);
        }
    }

    /** Reads what {@link #write} wrote; null for an empty buffer. */
    static RowBuffer read(RowLayout layout, DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 28) {
            throw new IOException("a join buffer of " + n + " rows");
        }
        if (n == 0) {
            return null;
        }
        RowBuffer b = new RowBuffer(layout, n);
        for (int i = 0; i < n; i++) {
            b.times[i] = in.readLong();
            b.setFlag(i, in.readBoolean());
            layout.read(in, b.prims, i * b.np, b.strings, i * b.ns);
        }
        b.end = n;
        return b;
    }

    /** Writes {@code b}, which may be null (empty). */
    static void write(RowBuffer b, DataOutput out) throws IOException {
        if (b == null) {
            out.writeInt(0);
        } else {
            b.write(out);
        }
    }
}
