package io.spate.executor.task;

import java.util.PriorityQueue;

/**
 * Timers of one task, fired by its mailbox loop after input and mails (Flink:
 * ProcessingTimeService, but on the task thread itself). Times are {@code System.nanoTime()}. Task
 * thread only.
 */
final class TaskTimers {

    private record Timer(long dueNanos, long sequence, Runnable action) {}

    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>(
                    (a, b) ->
                            a.dueNanos != b.dueNanos
                                    ? Long.compare(a.dueNanos - b.dueNanos, 0)
                                    : Long.compare(a.sequence, b.sequence));
    private long sequence;

    void schedule(long dueNanos, Runnable action) {
        timers.add(new Timer(dueNanos, sequence++, action));
    }

    /** Fires every timer due at {@code nowNanos}; returns how many fired. */
    int fireDue(long nowNanos) {
        int fired = 0;
        while (!timers.isEmpty() && timers.peek().dueNanos - nowNanos <= 0) {
            timers.poll().action.run();
            fired++;
        }
        return fired;
    }

    /** When the next timer is due, or {@code Long.MAX_VALUE} if none. */
    long nextDueNanos() {
        return timers.isEmpty() ? Long.MAX_VALUE : timers.peek().dueNanos;
    }
}
