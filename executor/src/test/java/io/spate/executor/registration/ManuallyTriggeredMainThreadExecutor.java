package io.spate.executor.registration;

import io.spate.clock.ManualClock;
import io.spate.rpc.endpoint.MainThreadExecutor;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Queue;

/**
 * A {@link MainThreadExecutor} for unit tests (Flink: ManuallyTriggeredScheduledExecutor): the test
 * thread is the main thread, nothing runs until the test says so, and scheduled tasks run when a
 * {@link ManualClock} reaches their time.
 */
final class ManuallyTriggeredMainThreadExecutor implements MainThreadExecutor {

    private final ManualClock clock;
    private final Thread mainThread = Thread.currentThread();
    private final Queue<Runnable> ready = new ArrayDeque<>();
    private final List<Scheduled> scheduled = new ArrayList<>();
    private long sequence;

    ManuallyTriggeredMainThreadExecutor(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void execute(Runnable task) {
        ready.add(task);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        assertRunningInMainThread();
        Scheduled entry = new Scheduled(clock.nanoTime() + delay.toNanos(), sequence++, task);
        scheduled.add(entry);
        return () -> scheduled.remove(entry);
    }

    @Override
    public void assertRunningInMainThread() {
        assert Thread.currentThread() == mainThread
                : "called on thread '"
                        + Thread.currentThread().getName()
                        + "', but only the test's main thread may touch this";
    }

    /** Runs the ready tasks and the scheduled ones due now, until none is left. */
    public void runDue() {
        assertRunningInMainThread();
        while (true) {
            Runnable next = pollReady();
            if (next == null) {
                Optional<Scheduled> due =
                        nextScheduled().filter(s -> s.dueNanos <= clock.nanoTime());
                if (due.isEmpty()) {
                    return;
                }
                scheduled.remove(due.get());
                next = due.get().task;
            }
            next.run();
        }
    }

    /** Lets {@code duration} pass, running every task at the time it is due. */
    public void advance(Duration duration) {
        long target = clock.nanoTime() + duration.toNanos();
        runDue();
        while (true) {
            Optional<Scheduled> next = nextScheduled().filter(s -> s.dueNanos <= target);
            if (next.isEmpty()) {
                break;
            }
            clock.advance(Duration.ofNanos(Math.max(0, next.get().dueNanos - clock.nanoTime())));
            runDue();
        }
        clock.advance(Duration.ofNanos(target - clock.nanoTime()));
        runDue();
    }

    public int scheduledCount() {
        return scheduled.size();
    }

    private synchronized Runnable pollReady() {
        return ready.poll();
    }

    private Optional<Scheduled> nextScheduled() {
        return scheduled.stream()
                .min(
                        Comparator.comparingLong((Scheduled s) -> s.dueNanos)
                                .thenComparingLong(s -> s.seq));
    }

    private record Scheduled(long dueNanos, long seq, Runnable task) {}
}
