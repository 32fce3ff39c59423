package io.spate.executor.operators;

/**
 * A token bucket that paces a source to a rate without spinning: {@link #acquire} hands out the
 * records that may go now, {@link #nextPermitAtNanos} says when to come back. Bursts are capped at
 * 10 ms worth of records (at least one), so a source that was blocked does not flood afterwards.
 * Times are {@code Clock.nanoTime()} values. Task thread only.
 */
public final class RatePacer {

    private static final double BURST_SECONDS = 0.010;

    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    /** {@code ratePerSecond} > 0; the first record may go at once. */
    public RatePacer(double ratePerSecond, long nowNanos) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, got " + ratePerSecond);
        }
        this.perNano = ratePerSecond / 1e9;
        this.burst = Math.max(1.0, ratePerSecond * BURST_SECONDS);
        this.tokens = 1.0;
        this.last = nowNanos;
    }

    /** Takes up to {@code wanted} permits; returns how many were granted (maybe 0). */
    public int acquire(int wanted, long nowNanos) {
        refill(nowNanos);
        int granted = (int) Math.min(wanted, Math.floor(tokens));
        tokens -= granted;
        return granted;
    }

    /** When the next permit is available (now or later). */
    public long nextPermitAtNanos(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1.0) {
            return nowNanos;
        }
        return nowNanos + (long) Math.ceil((1.0 - tokens) / perNano);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - last;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            last = nowNanos;
        }
    }
}
