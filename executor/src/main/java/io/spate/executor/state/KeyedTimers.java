package io.spate.executor.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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

    private record Timer(long timestamp, long namespace, Object key, int keyGroup) {}

    /** The timers of one (timestamp, namespace): W4's 1,000 keys of a window share one. */
    private static final class Slot {
        final long timestamp;
        final long namespace;
        final ArrayList<Timer> timers = new ArrayList<>();
        int next; // timers before it have been polled

        Slot(long timestamp, long namespace) {
            this.timestamp = timestamp;
            this.namespace = namespace;
        }
    }

    /**
     * A heap of distinct (timestamp, namespace) slots, each a list of its keys' timers, rather than
     * a heap of timers: timers of one window share their timestamp, so a heap of timers paid log n
     * comparisons per timer (a quarter of W4's CPU) where a slot pays one lookup. Deleted timers
     * stay in their slot and are skipped, the per-group sets being the truth.
     */
    private static final class Queue {
        private final PriorityQueue<Slot> heap =
                new PriorityQueue<>(
                        (a, b) ->
                                a.timestamp != b.timestamp
                                        ? Long.compare(a.timestamp, b.timestamp)
                                        : Long.compare(a.namespace, b.namespace));
        private final HashMap<Timer, Slot> slots = new HashMap<>(); // keyed by (ts, ns), key null
        private final HashSet<Timer>[] byGroup;
        private Slot last; // the slot of the last add: most adds go to it
        private long size;

        @SuppressWarnings("unchecked")
        Queue(int groups) {
            byGroup = new HashSet[groups];
            for (int i = 0; i < groups; i++) {
                byGroup[i] = new HashSet<>();
            }
        }

        void add(Timer t, int groupIndex) {
            if (byGroup[groupIndex].add(t)) {
                slot(t.timestamp, t.namespace).timers.add(t);
                size++;
            }
        }

        private Slot slot(long timestamp, long namespace) {
            Slot s = last;
            if (s != null && s.timestamp == timestamp && s.namespace == namespace) {
                return s;
            }
            Timer id = new Timer(timestamp, namespace, null, 0);
            s = slots.get(id);
            if (s == null) {
                s = new Slot(timestamp, namespace);
                slots.put(id, s);
                heap.add(s);
            }
            last = s;
            return s;
        }

        void remove(Timer t, int groupIndex) {
            if (byGroup[groupIndex].remove(t)) {
                size--; // left in its slot; skipped when it comes up
            }
        }

        /** The next live timer at or before {@code time}, removed; null if none. */
        Timer pollDue(long time, int firstGroup) {
            Slot s;
            while ((s = heap.peek()) != null && s.timestamp <= time) {
                while (s.next < s.timers.size()) {
                    Timer t = s.timers.get(s.next);
                    s.timers.set(s.next++, null);
                    if (byGroup[t.keyGroup - firstGroup].remove(t)) {
                        size--;
                        return t;
                    }
                }
                drop(s);
            }
            return null;
        }

        private void drop(Slot s) {
            heap.poll();
            slots.remove(new Timer(s.timestamp, s.namespace, null, 0));
            if (last == s) {
                last = null;
            }
        }

        long nextTimestamp(int firstGroup) {
            Slot s;
            while ((s = heap.peek()) != null) {
                for (; s.next < s.timers.size(); s.next++) {
                    Timer t = s.timers.get(s.next);
                    if (byGroup[t.keyGroup - firstGroup].contains(t)) {
                        return s.timestamp;
                    }
                    s.timers.set(s.next, null);
                }
                drop(s);
            }
            return Long.MAX_VALUE;
        }
    }

    private final KeyedStateBackend backend;
    private final String name;
    private final Target target;
    private final ProcessingTimers processing;
    private final Queue eventTime;
    private final Queue processingTime;
    private long watermark = Long.MIN_VALUE;
    private long wakeUpAt = Long.MAX_VALUE;

    KeyedTimers(
            KeyedStateBackend backend, String name, Target target, ProcessingTimers processing) {
        this.backend = backend;
        this.name = name;
        this.target = target;
        this.processing = processing;
        this.eventTime = new Queue(backend.range().size());
        this.processingTime = new Queue(backend.range().size());
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
        eventTime.add(timer(namespace, timestamp), backend.currentGroupIndex());
    }

    public void deleteEventTimeTimer(long namespace, long timestamp) {
        eventTime.remove(timer(namespace, timestamp), backend.currentGroupIndex());
    }

    public void registerProcessingTimeTimer(long namespace, long timestamp) {
        processingTime.add(timer(namespace, timestamp), backend.currentGroupIndex());
        wakeUp(timestamp);
    }

    public void deleteProcessingTimeTimer(long namespace, long timestamp) {
        processingTime.remove(timer(namespace, timestamp), backend.currentGroupIndex());
    }

    private Timer timer(long namespace, long timestamp) {
        return new Timer(timestamp, namespace, backend.currentKey(), backend.currentKeyGroup());
    }

    /** Fires every event-time timer at or before {@code watermark}, in order. */
    public void advanceWatermark(long watermark) throws Exception {
        if (watermark <= this.watermark) {
            return;
        }
        this.watermark = watermark;
        Timer t;
        while ((t = eventTime.pollDue(watermark, backend.range().first())) != null) {
            backend.setCurrentKeyInGroup(t.key, t.keyGroup);
            target.onTimer(t.timestamp, t.namespace, true);
        }
    }

    /** Fires every processing-time timer at or before {@code now}, in order. */
    public void advanceProcessingTime(long now) throws Exception {
        Timer t;
        while ((t = processingTime.pollDue(now, backend.range().first())) != null) {
            backend.setCurrentKeyInGroup(t.key, t.keyGroup);
            target.onTimer(t.timestamp, t.namespace, false);
        }
        long next = processingTime.nextTimestamp(backend.range().first());
        wakeUpAt = Long.MAX_VALUE;
        if (next != Long.MAX_VALUE) {
            wakeUp(next);
        }
    }

    /** Asks the task to call back at {@code timestamp} unless an earlier call is pending. */
    private void wakeUp(long timestamp) {
        if (timestamp < wakeUpAt) {
            wakeUpAt = timestamp;
            processing.scheduleAt(
                    timestamp,
                    () -> {
                        try {
                            advanceProcessingTime(processing.currentTimeMillis());
                        } catch (RuntimeException e) {
                            throw e;
                        } catch (Exception e) {
                            throw new IllegalStateException(
                                    name + ": a processing-time timer failed", e);
                        }
                    });
        }
    }

    /** After a restore: schedules the earliest restored processing-time timer. */
    public void resumeProcessingTime() {
        long next = processingTime.nextTimestamp(backend.range().first());
        if (next != Long.MAX_VALUE) {
            wakeUp(next);
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
    public void writeGroup(int keyGroup, DataOutput out) throws IOException {
        int index = keyGroup - backend.range().first();
        for (Queue q : new Queue[] {eventTime, processingTime}) {
            HashSet<Timer> set = q.byGroup[index];
            out.writeInt(set.size());
            for (Timer t : set) {
                backend.keySerializer().write(t.key, out);
                out.writeLong(t.namespace);
                out.writeLong(t.timestamp);
            }
        }
    }

    @Override
    public void readGroup(int keyGroup, DataInput in) throws IOException {
        int index = keyGroup - backend.range().first();
        for (Queue q : new Queue[] {eventTime, processingTime}) {
            int n = in.readInt();
            if (n < 0 || n > PerKeyState.MAX_ENTRIES) {
                throw new IOException(name + ": " + n + " timers in key group " + keyGroup);
            }
            for (int i = 0; i < n; i++) {
                Object key = backend.keySerializer().read(in);
                long namespace = in.readLong();
                long timestamp = in.readLong();
                q.add(new Timer(timestamp, namespace, key, keyGroup), index);
            }
        }
    }
}
