package io.spate.executor.operators.join;

import io.spate.executor.state.StateSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * One key's open windows of a window join, with the kept rows of each side per window: panes of a
 * tumbling or sliding join, sessions of a session join. In parallel arrays sorted by start (windows
 * never overlap); most rows go to the latest window, which is found first. Task thread only.
 */
final class WindowRows {

    int n;
    long[] starts;
    long[] ends;

    /** Per side, per window: the rows, or null for none. */
    final RowBuffer[][] rows = new RowBuffer[2][];

    WindowRows(int capacity) {
        starts = new long[capacity];
        ends = new long[capacity];
        rows[0] = new RowBuffer[capacity];
        rows[1] = new RowBuffer[capacity];
    }

    /** The index of the window starting at {@code start}, else -(where it would go) - 1. */
    int indexOf(long start) {
        int last = n - 1;
        if (last < 0 || starts[last] < start) {
            return -n - 1;
        }
        if (starts[last] == start) {
            return last;
        }
        return Arrays.binarySearch(starts, 0, n, start);
    }

    /** The index of the first window starting at or after {@code start}. */
    int firstFrom(long start) {
        int i = indexOf(start);
        return i >= 0 ? i : -i - 1;
    }

    /** Inserts window [start, end) with no rows at index {@code i}; returns i. */
    int insert(int i, long start, long end) {
        if (n == starts.length) {
            int capacity = Math.max(2, n * 2);
            starts = Arrays.copyOf(starts, capacity);
            ends = Arrays.copyOf(ends, capacity);
            rows[0] = Arrays.copyOf(rows[0], capacity);
            rows[1] = Arrays.copyOf(rows[1], capacity);
        }
        int after = n - i;
        if (after > 0) {
            System.arraycopy(starts, i, starts, i + 1, after);
            System.arraycopy(ends, i, ends, i + 1, after);
            System.arraycopy(rows[0], i, rows[0], i + 1, after);
            System.arraycopy(rows[1], i, rows[1], i + 1, after);
        }
        starts[i] = start;
        ends[i] = end;
        rows[0][i] = null;
        rows[1][i] = null;
        n++;
        return i;
    }

    /** Removes window {@code i}; the later ones move down. */
    void remove(int i) {
        int after = --n - i;
        if (after > 0) {
            System.arraycopy(starts, i + 1, starts, i, after);
            System.arraycopy(ends, i + 1, ends, i, after);
            System.arraycopy(rows[0], i + 1, rows[0], i, after);
            System.arraycopy(rows[1], i + 1, rows[1], i, after);
        }
        rows[0][n] = null;
        rows[1][n] = null;
    }

    /** Removes windows {@code [0, count)}. */
    void removeFirst(int count) {
        if (count == 0) {
            return;
        }
        int after = n - count;
        System.arraycopy(starts, count, starts, 0, after);
        System.arraycopy(ends, count, ends, 0, after);
        for (RowBuffer[] side : rows) {
            System.arraycopy(side, count, side, 0, after);
            Arrays.fill(side, after, n, null);
        }
        n = after;
    }

    /** The rows of {@code side} in window {@code i}, made if it has none. */
    RowBuffer rowsToAdd(int side, int i, RowLayout layout) {
        RowBuffer b = rows[side][i];
        if (b == null) {
            b = rows[side][i] = new RowBuffer(layout, 1);
        }
        return b;
    }

    /** Writes and reads a key's windows; counts the rows it reads. */
    static final class Serializer implements StateSerializer<WindowRows> {

        private final RowLayout[] layouts;
        private long rowsRead;

        Serializer(RowLayout left, RowLayout right) {
            this.layouts = new RowLayout[] {left, right};
        }

        @Override
        public void write(WindowRows w, DataOutput out) throws IOException {
            out.writeInt(w.n);
            for (int i = 0; i < w.n; i++) {
                out.writeLong(w.starts[i]);
                out.writeLong(w.ends[i]);
                RowBuffer.write(w.rows[0][i], out);
                RowBuffer.write(w.rows[1][i], out);
            }
        }

        @Override
        public WindowRows read(DataInput in) throws IOException {
            int n = in.readInt();
            if (n < 0 || n > 1 << 20) {
                throw new IOException("a key with " + n + " join windows");
            }
            WindowRows w = new WindowRows(Math.max(n, 1));
            for (int i = 0; i < n; i++) {
                w.starts[i] = in.readLong();
                w.ends[i] = in.readLong();
                if (i > 0 && w.starts[i] <= w.starts[i - 1]) {
                    throw new IOException("a key's join windows out of order at " + w.starts[i]);
                }
                for (int s = 0; s < 2; s++) {
                    RowBuffer b = RowBuffer.read(layouts[s], in);
                    w.rows[s][i] = b;
                    rowsRead += b == null ? 0 : b.size();
                }
            }
            w.n = n;
            return w;
        }

        long rowsRead() {
            return rowsRead;
        }
    }
}
