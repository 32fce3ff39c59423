package io.spate.clock;

/**
 * The one source of time for control-plane mechanisms (heartbeats, timeouts, restart delays), so
 * that tests drive time with a {@link ManualClock} instead of sleeping.
 */
public interface Clock {

    /** Monotonic nanoseconds, for measuring intervals. */
    long nanoTime();

    /** Wall-clock epoch milliseconds, for timestamps shown to users. */
    long currentTimeMillis();

    /** The real clock. */
    Clock SYSTEM =
            new Clock() {
                @Override
                public long nanoTime() {
                    return System.nanoTime();
                }

                @Override
                public long currentTimeMillis() {
                    return System.currentTimeMillis();
                }
            };
}
