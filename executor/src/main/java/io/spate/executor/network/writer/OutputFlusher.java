package io.spate.executor.network.writer;

import io.spate.executor.network.partition.ResultPartition;
import io.spate.executor.thread.SchedulerSlice;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One thread per executor ({@code spate-output-flusher}) that flushes partitions with a positive
 * buffer timeout every timeout (Flink has a thread per writer; one shared thread suits small
 * machines). A flush only takes each subpartition's short queue monitor to mark the committed bytes
 * sendable; it never touches the writer's state, so it never blocks a task and a task never waits
 * for it.
 */
public final class OutputFlusher implements AutoCloseable {
    private final ScheduledThreadPoolExecutor executor;

    public OutputFlusher() {
        this(SchedulerSlice.OFF);
    }

    /**
     * Its thread asks for {@code slice}: a flush is what a record waits for at a positive timeout.
     */
    public OutputFlusher(SchedulerSlice slice) {
        executor =
                new ScheduledThreadPoolExecutor(
                        1,
                        slice.threadsOf(
                                r -> {
                                    Thread t = new Thread(r, "spate-output-flusher");
                                    t.setDaemon(true);
                                    return t;
                                }));
        executor.setRemoveOnCancelPolicy(true);
    }

    /**
     * Flushes {@code partition} every {@code timeoutNanos} until the returned future is cancelled.
     */
    public ScheduledFuture<?> schedule(ResultPartition partition, long timeoutNanos) {
        return executor.scheduleWithFixedDelay(
                partition::flushAll, timeoutNanos, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
