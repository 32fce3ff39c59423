package io.spate.executor.operators;

import io.spate.clock.Clock;

/**
 * A source subtask's share of its transform's {@code rate} (records/s over all subtasks, 0 =
 * unlimited): how many records may go now, and when to come back when none may. Task thread only.
 */
public final class SourceRate {

    private final double perSubtask;
    private final Clock clock;
    private RatePacer pacer;
    private long resumeAt = Long.MIN_VALUE;

    public SourceRate(long totalPerSecond, int parallelism, Clock clock) {
        this.perSubtask = totalPerSecond / (double) parallelism;
        this.clock = clock;
    }

    /** Starts the clock of the rate; call when the source opens. */
    public void start() {
        if (perSubtask > 0) {
            pacer = new RatePacer(perSubtask, clock.nanoTime());
        }
    }

    /**
     * How many of {@code wanted} records may go now; 0 means wait until {@link #resumeAtNanos()}.
     */
    public int permits(int wanted) {
        if (pacer == null) {
            return wanted;
        }
        long now = clock.nanoTime();
        int allowed = pacer.acquire(wanted, now);
        if (allowed == 0) {
            resumeAt = pacer.nextPermitAtNanos(now);
        }
        return allowed;
    }

    public long resumeAtNanos() {
        return resumeAt;
    }
}
