package io.spate.executor.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.PriorityQueue;

/**
 * Event-time and processing-time timers per key and namespace (Flink: InternalTimerService), part
 * of the keyed state: kept per key group, snapshotted and restored with it. A timer is (key,
 * namespace, timestamp); registering one twice keeps one. Event-time timers fire when {@link
 * #advanceWatermark} passes them, processing-time ones when the task's clock does (the task runs
 * {@link ProcessingTimers} callbacks from its mailbox); both in timestamp order, then namespace
 * (keys with equal ones in no particular order), with the timer's key current in the backend. Task
 * thread only.
 */
public final class KeyedTimers implements KeyGroupedState {

    /** What a timer calls; the backend's current key is the timer's key. */
    @FunctionalInterface
    public interface Target {
        void onTimer(long timestamp, long namespace, boolean eventTime) throws Exception;
    }

    /**
     * The timers of one (timestamp, namespace): W4's 1,000 keys of a window share one. Entries are
     * appended and never move; {@code index} finds a key's latest entry, so deduplication and
     * deletion cost one probe in a table of this slot's keys (String keys cache their hash), and
     * firing walks the entries with no lookup at all.
     */
    private static final class Slot {
        final long timestamp;
        final long namespace;
        Object[] keys = new Object[8]; // null: deleted, or fired (position below next)
        int[] groups = new int[8];
        int n;
        int next; // entries before it have been polled

        // Open addressing, insert only: key -> its latest position. A key's entry is live when
        // that position is at or after next and still holds it.
        private Object[] indexKeys = new Object[16];
        private int[] indexPos = new int[16];
        private int indexSize;

        Slot(long timestamp, long namespace) {
            this.timestamp = timestamp;
            this.namespace = namespace;
        }

        /** The position of {@code key}'s live entry, or -1. */
        int live(Object key) {
            int mask = indexKeys.length - 1;
            for (int i = spread(key) & mask; indexKeys[i] != null; i = (i + 1) & mask) {
                if (indexKeys[i].equals(key)) {
                    int pos = indexPos[i];
                    return pos >= next && keys[pos] != null ? pos : -1;
                }
            }
            return -1;
        }

        void append(Object key, int group) {
            if (n == keys.length) {
                keys = Arrays.copyOf(keys, n * 2);
                groups = Arrays.copyOf(groups, n * 2);
            }
            keys[n] = key;
            groups[n] = group;
            index(key, n++);
        }

        private void index(Object key, int pos) {
            int mask = indexKeys.length - 1;
            int i = spread(key) & mask;
            for (; indexKeys[i] != null; i = (i + 1) & mask) {
                if (indexKeys[i].equals(key)) {
                    indexPos[i] = pos;
                    return;
                }
            }
            indexKeys[i] = key;
            indexPos[i] = pos;
            if (++indexSize * 2 > indexKeys.length) {
                Object[] oldKeys = indexKeys;
                int[] oldPos = indexPos;
                indexKeys = new Object[oldKeys.length * 2];
                indexPos = new int[oldKeys.length * 2];
                indexSize = 0;
                for (int j = 0; j < oldKeys.length; j++) {
                    if (oldKeys[j] != null) {
                        index(oldKeys[j], oldPos[j]);
                    }
                }
            }
        }

        private static int spread(Object key) {
            int h = key.hashCode() * 0x9E3779B9; // sequential hashes ("w1", "w2") must not cluster
            return h ^ (h >>> 16);
        }
    }

    private record SlotId(long timestamp, long namespace) {}

    /**
     * A heap of distinct (timestamp, namespace) slots rather than a heap of timers: timers of one
     * window share their timestamp, so a heap of timers paid log n comparisons per timer (a quarter
     * of W4's CPU) where a slot pays one lookup per window, and a set of all timers for
     * deduplication (another quarter) becomes a small index per slot.
     */
    private static final class Queue {
        private final PriorityQueue<Slot> heap =
                new PriorityQueue<>(
                        (a, b) ->
                                a.timestamp != b.timestamp
                                        ? Long.compare(a.timestamp, b.timestamp)
                                        : Long.compare(a.namespace, b.namespace));
        private final HashMap<SlotId, Slot> slots = new HashMap<>();
        private Slot last; // the slot of the last access: most go to it
        private long size;
        private Object polledKey;
        private int polledGroup;

        void add(long timestamp, long namespace, Object key, int group) {
            Slot s = slot(timestamp, namespace, true);
            if (s.live(key) < 0) {
                s.append(key, group);
                size++;
            }
        }

        private Slot slot(long timestamp, long namespace, boolean create) {
            Slot s = last;
            if (s != null && s.timestamp == timestamp && s.namespace == namespace) {
                return s;
            }
            SlotId id = new SlotId(timestamp, namespace);
            s = slots.get(id);
            if (s == null) {
                if (!create) {
                    return null;
                }
                s = new Slot(timestamp, namespace);
                slots.put(id, s);
                heap.add(s);
            }
            last = s;
            return s;
        }

        void remove(long timestamp, long namespace, Object key) {
            Slot s = slot(timestamp, namespace, false);
            int pos = s == null ? -1 : s.live(key);
            if (pos >= 0) {
                s.keys[pos] = null;
                size--;
            }
        }

        /**
         * Takes the next live timer at or before {@code time} into {@link #polledKey} and {@link
         * #polledGroup}; the slot's timestamp and namespace are the heap's head. False if none.
         */
        boolean pollDue(long time) {
            Slot s;
            while ((s = heap.peek()) != null && s.timestamp <= time) {
                while (s.next < s.n) {
                    int pos = s.next++;
                    Object key = s.keys[pos];
                    if (key != null) {
                        s.keys[pos] = null;
                        polledKey = key;
                        polledGroup = s.groups[pos];
                        size--;
                        return true;
                    }
                }
                drop(s);
            }
            return false;
        }

        Slot head() {
            return heap.peek();
        }

        private void drop(Slot s) {
            heap.poll();
            slots.remove(new SlotId(s.timestamp, s.namespace));
            if (last == s) {
                last = null;
            }
        }

        long nextTimestamp() {
            Slot s;
            while ((s = heap.peek()) != null) {
                for (; s.next < s.n; s.next++) {
                    if (s.keys[s.next] != null) {
                        return s.timestamp;
                    }
                }
                drop(s);
            }
            return Long.MAX_VALUE;
        }

        /** The live timers cut by key group (index in the range), for a snapshot. */
        Cut[] cut(int firstGroup, int groups) {
            Cut[] cuts = new Cut[groups];
            for (Slot s : heap) {
                for (int pos = s.next; pos < s.n; pos++) {
                    if (s.keys[pos] != null) {
                        int g = s.groups[pos] - firstGroup;
                        Cut c = cuts[g];
                        if (c == null) {
                            c = cuts[g] = new Cut();
                        }
                        c.add(s.keys[pos], s.namespace, s.timestamp);
                    }
                }
            }
            return cuts;
        }
    }

    /** One key group's timers during a snapshot. */
    private static final class Cut {
        Object[] keys = new Object[4];
        long[] namespaces = new long[4];
        long[] timestamps = new long[4];
        int n;

        void add(Object key, long namespace, long timestamp) {
            if (n == keys.length) {
                keys = Arrays.copyOf(keys, n * 2);
                namespaces = Arrays.copyOf(namespaces, n * 2);
                timestamps = Arrays.copyOf(timestamps, n * 2);
            }
            keys[n] = key;
            namespaces[n] = namespace;
            timestamps[n++] = timestamp;
        }
    }

    private final KeyedStateBackend backend;
    private final String name;
    private final Target target;
    private final Queue eventTime;
    private final Queue processingTime;
    private long watermark = Long.MIN_VALUE;
    private final ProcessingWakeUp wakeUp;
    private Cut[][] snapshotCuts; // during a snapshot: event time, processing time

    KeyedTimers(
            KeyedStateBackend backend, String name, Target target, ProcessingTimers processing) {
        this.backend = backend;
        this.name = name;
        this.target = target;
        this.eventTime = new Queue();
        this.processingTime = new Queue();
        this.wakeUp =
                new ProcessingWakeUp(
                        processing,
                        name + ": a processing-time timer",
                        this::advanceProcessingTime);
    }

    @Override
    public String name() {
        return name;
    }

    /** The last watermark {@link #advanceWatermark} saw. */
    public long currentWatermark() {
        return watermark;
    }

    public void registerEventTimeTimer(long namespace, long timestamp) {
        eventTime.add(timestamp, namespace, backend.currentKey(), backend.currentKeyGroup());
    }

    public void deleteEventTimeTimer(long namespace, long timestamp) {
        eventTime.remove(timestamp, namespace, backend.checkedCurrentKey());
    }

    public void registerProcessingTimeTimer(long namespace, long timestamp) {
        processingTime.add(timestamp, namespace, backend.currentKey(), backend.currentKeyGroup());
        wakeUp.request(timestamp);
    }

    public void deleteProcessingTimeTimer(long namespace, long timestamp) {
        processingTime.remove(timestamp, namespace, backend.checkedCurrentKey());
    }

    /** Fires every event-time timer at or before {@code watermark}, in order. */
    public void advanceWatermark(long watermark) throws Exception {
        if (watermark <= this.watermark) {
            return;
        }
        this.watermark = watermark;
        fire(eventTime, watermark, true);
    }

    /** Fires every processing-time timer at or before {@code now}, in order. */
    public void advanceProcessingTime(long now) throws Exception {
        fire(processingTime, now, false);
        long next = processingTime.nextTimestamp();
        wakeUp.reset();
        if (next != Long.MAX_VALUE) {
            wakeUp.request(next);
        }
    }

    private void fire(Queue q, long time, boolean eventTimeTimers) throws Exception {
        while (q.pollDue(time)) {
            Slot s = q.head(); // stays the head while it fires: a new timer is at or after it
            backend.setCurrentKeyInGroup(q.polledKey, q.polledGroup);
            target.onTimer(s.timestamp, s.namespace, eventTimeTimers);
        }
    }

    /** After a restore: schedules the earliest restored processing-time timer. */
    public void resumeProcessingTime() {
        long next = processingTime.nextTimestamp();
        if (next != Long.MAX_VALUE) {
            wakeUp.request(next);
        }
    }

    public long eventTimeTimers() {
        return eventTime.size;
    }

    public long processingTimeTimers() {
        return processingTime.size;
    }

    @Override
    public long size() {
        return eventTime.size + processingTime.size;
    }

    @Override
    public void beginSnapshot() {
        int first = backend.range().first();
        int groups = backend.range().size();
        snapshotCuts =
                new Cut[][] {eventTime.cut(first, groups), processingTime.cut(first, groups)};
    }

    @Override
    public void endSnapshot() {
        snapshotCuts = null;
    }

    @Override
    public void writeGroup(int keyGroup, DataOutput out) throws IOException {
        int index = keyGroup - backend.range().first();
        for (Cut[] cuts : snapshotCuts) {
            Cut c = cuts[index];
            int n = c == null ? 0 : c.n;
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                backend.keySerializer().write(c.keys[i], out);
                out.writeLong(c.namespaces[i]);
                out.writeLong(c.timestamps[i]);
            }
        }
    }

    @Override
    public void readGroup(int keyGroup, DataInput in) throws IOException {
        for (Queue q : new Queue[] {eventTime, processingTime}) {
            int n = in.readInt();
            if (n < 0 || n > PerKeyState.MAX_ENTRIES) {
                throw new IOException(name + ": " + n + " timers in key group " + keyGroup);
            }
            for (int i = 0; i < n; i++) {
                Object key = backend.keySerializer().read(in);
                long namespace = in.readLong();
                long timestamp = in.readLong();
                q.add(timestamp, namespace, key, keyGroup);
            }
        }
    }
}
