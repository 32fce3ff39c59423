package io.spate.executor.operators;

import io.spate.executor.state.KeyGroupedState;
import io.spate.executor.state.KeyedStateBackend;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * The aligned windows (tumbling, sliding) of one Window subtask: one pane per window, holding its
 * keys' accumulators in a table of its own (Flink SQL's window slicing). The DataStream
 * WindowOperator keeps an entry per key and window in a map over all keys plus a timer per entry;
 * with the watermark 200 ms behind, a key has dozens of windows open and each record then costs
 * cache misses in that map, its entry and the timer queue, twice (on arrival and on firing). Here a
 * record costs one probe in its window's table, which the records around it keep in cache, and
 * firing a window walks its table in order. Keyed state: cut by key group in snapshots through the
 * {@link KeyedStateBackend}. Task thread only.
 */
final class WindowPanes implements KeyGroupedState {

    /** A corrupt entry count must not make a restore loop for ever. */
    private static final int MAX_ENTRIES = 1 << 28;

    /** One window [start, end) and the accumulators of the keys seen in it. */
    static final class Pane {
        final long start;
        final long end;
        boolean fired;
        int n;
        Object[] keys = new Object[16];
        int[] groups = new int[16];
        long[] longs;
        double[] doubles;
        // Open addressing, insert only (a pane is dropped whole): key -> entry.
        private Object[] indexKeys = new Object[32];
        private int[] indexPos = new int[32];

        Pane(long start, long end, WindowAggregates aggs) {
            this.start = start;
            this.end = end;
            longs = new long[16 * aggs.longSlots];
            doubles = new double[16 * aggs.doubleSlots];
        }

        /** The entry of {@code key}, added with empty accumulators if the pane has none. */
        int entry(Object key, int group, WindowAggregates aggs) {
            int mask = indexKeys.length - 1;
            int i = spread(key) & mask;
            for (Object k; (k = indexKeys[i]) != null; i = (i + 1) & mask) {
                if (k.equals(key)) {
                    return indexPos[i];
                }
            }
            int pos = n++;
            if (pos == keys.length) {
                int capacity = pos * 2;
                keys = Arrays.copyOf(keys, capacity);
                groups = Arrays.copyOf(groups, capacity);
                longs = Arrays.copyOf(longs, capacity * aggs.longSlots);
                doubles = Arrays.copyOf(doubles, capacity * aggs.doubleSlots);
            }
            keys[pos] = key;
            groups[pos] = group;
            aggs.init(longs, pos * aggs.longSlots, doubles, pos * aggs.doubleSlots);
            indexKeys[i] = key;
            indexPos[i] = pos;
            if (n * 2 > indexKeys.length) {
                reindex(indexKeys.length * 2);
            }
            return pos;
        }

        private void reindex(int capacity) {
            indexKeys = new Object[capacity];
            indexPos = new int[capacity];
            int mask = capacity - 1;
            for (int pos = 0; pos < n; pos++) {
                int i = spread(keys[pos]) & mask;
                while (indexKeys[i] != null) {
                    i = (i + 1) & mask;
                }
                indexKeys[i] = keys[pos];
                indexPos[i] = pos;
            }
        }

        private static int spread(Object key) {
            int h = key.hashCode() * 0x9E3779B9; // sequential hashes ("w1", "w2") must not cluster
            return h ^ (h >>> 16);
        }
    }

    private final String name;
    private final KeyedStateBackend backend;
    private final WindowAggregates aggs;
    private final ArrayList<Pane> panes = new ArrayList<>(); // by start: of equal size, also by end
    private Pane last; // the pane of the last lookup: most records go to it
    private long entries;
    private long[][] cut; // during a snapshot: per group index, (pane index << 32 | entry)
    private int[] cutSizes;

    WindowPanes(String name, KeyedStateBackend backend, WindowAggregates aggs) {
        this.name = name;
        this.backend = backend;
        this.aggs = aggs;
    }

    /** The pane of window [start, end), created empty if there is none. */
    Pane pane(long start, long end) {
        Pane p = last;
        if (p != null && p.start == start) {
            return p;
        }
        int i = indexOf(start);
        if (i >= 0) {
            p = panes.get(i);
        } else {
            p = new Pane(start, end, aggs);
            panes.add(-i - 1, p);
        }
        last = p;
        return p;
    }

    /** The entry of {@code key} in {@code pane}, created with empty accumulators. */
    int entry(Pane pane, Object key, int keyGroup) {
        int before = pane.n;
        int pos = pane.entry(key, keyGroup, aggs);
        entries += pane.n - before;
        return pos;
    }

    private int indexOf(long start) {
        int low = 0;
        int high = panes.size() - 1;
        if (high < 0 || panes.get(high).start < start) {
            return -panes.size() - 1;
        }
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long s = panes.get(mid).start;
            if (s < start) {
                low = mid + 1;
            } else if (s > start) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -low - 1;
    }

    /** The number of panes, fired or not. */
    int panes() {
        return panes.size();
    }

    /** The {@code i}-th pane by start. */
    Pane get(int i) {
        return panes.get(i);
    }

    /** Drops the {@code i}-th pane and its entries. */
    void remove(int i) {
        Pane p = panes.remove(i);
        entries -= p.n;
        if (last == p) {
            last = null;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return entries;
    }

    @Override
    public void beginSnapshot() {
        int groups = backend.range().size();
        int first = backend.range().first();
        cut = new long[groups][];
        cutSizes = new int[groups];
        for (int p = 0; p < panes.size(); p++) {
            Pane pane = panes.get(p);
            for (int e = 0; e < pane.n; e++) {
                int g = pane.groups[e] - first;
                long[] list = cut[g];
                if (list == null) {
                    list = cut[g] = new long[16];
                } else if (cutSizes[g] == list.length) {
                    list = cut[g] = Arrays.copyOf(list, list.length * 2);
                }
                list[cutSizes[g]++] = (long) p << 32 | e;
            }
        }
    }

    @Override
    public void endSnapshot() {
        cut = null;
        cutSizes = null;
    }

    /** Per entry: key, window start and end, fired, then its long and double accumulators. */
    @Override
    public void writeGroup(int keyGroup, DataOutput out) throws IOException {
        int g = keyGroup - backend.range().first();
        int count = cutSizes[g];
        out.writeInt(count);
        for (int i = 0; i < count; i++) {
            long ref = cut[g][i];
            Pane pane = panes.get((int) (ref >>> 32));
            int e = (int) ref;
            backend.keySerializer().write(pane.keys[e], out);
            out.writeLong(pane.start);
            out.writeLong(pane.end);
            out.writeBoolean(pane.fired);
            for (int s = 0; s < aggs.longSlots; s++) {
                out.writeLong(pane.longs[e * aggs.longSlots + s]);
            }
            for (int s = 0; s < aggs.doubleSlots; s++) {
                out.writeDouble(pane.doubles[e * aggs.doubleSlots + s]);
            }
        }
    }

    @Override
    public void readGroup(int keyGroup, DataInput in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_ENTRIES) {
            throw new IOException(name + ": " + count + " entries in key group " + keyGroup);
        }
        for (int i = 0; i < count; i++) {
            Object key = backend.keySerializer().read(in);
            if (backend.keyGroupOf(key) != keyGroup) {
                throw new IOException(
                        name + ": key " + key + " does not belong to key group " + keyGroup);
            }
            long start = in.readLong();
            long end = in.readLong();
            if (end <= start) {
                throw new IOException(name + ": a window [" + start + ", " + end + ")");
            }
            Pane pane = pane(start, end);
            if (pane.end != end) {
                throw new IOException(name + ": windows of different sizes start at " + start);
            }
            pane.fired |= in.readBoolean();
            int e = entry(pane, key, keyGroup);
            for (int s = 0; s < aggs.longSlots; s++) {
                pane.longs[e * aggs.longSlots + s] = in.readLong();
            }
            for (int s = 0; s < aggs.doubleSlots; s++) {
                pane.doubles[e * aggs.doubleSlots + s] = in.readDouble();
            }
        }
    }
}
