package io.spate.executor.state;

/**
 * Processing time for an operator (Flink: ProcessingTimeService): the task's injectable clock, and
 * callbacks the task runs on its own thread from its mailbox loop when they are due.
 */
public interface ProcessingTimers {

    /** Now, epoch ms, from the task's clock. */
    long currentTimeMillis();

    /**
     * Runs {@code action} on the task thread once {@link #currentTimeMillis} reaches {@code
     * epochMillis}.
     */
    void scheduleAt(long epochMillis, Runnable action);
}
