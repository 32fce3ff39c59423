package io.spate.executor.state;

/**
 * One pending processing-time callback, for the earliest time asked for: a later request waits for
 * it, an earlier one schedules anew (the task's timer queue then holds the stale later one, which
 * finds nothing due). Task thread only.
 */
public final class ProcessingWakeUp {

    /** What runs at the callback, with the task clock's time. */
    @FunctionalInterface
    public interface Action {
        void run(long now) throws Exception;
    }

    private final ProcessingTimers timers;
    private final String what;
    private final Action action;
    private long pending = Long.MAX_VALUE;

    /**
     * @param what names the owner in the failure of a callback ("timers: a processing-time timer")
     */
    public ProcessingWakeUp(ProcessingTimers timers, String what, Action action) {
        this.timers = timers;
        this.what = what;
        this.action = action;
    }

    /** Asks for a callback at {@code timestamp} unless one at or before it is pending. */
    public void request(long timestamp) {
        if (timestamp < pending) {
            pending = timestamp;
            timers.scheduleAt(timestamp, this::run);
        }
    }

    /** The owner has caught up with the clock: its next request schedules a callback. */
    public void reset() {
        pending = Long.MAX_VALUE;
    }

    private void run() {
        try {
            action.run(timers.currentTimeMillis());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(what + " failed", e);
        }
    }
}
