package io.spate.clock;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to: tests of timeouts advance it instead of sleeping. */
public final class ManualClock implements Clock {

    private final AtomicLong nanos = new AtomicLong();
    private final long epochOffsetMillis;

    public ManualClock() {
        this(1_700_000_000_000L);
    }

    public ManualClock(long startEpochMillis) {
        this.epochOffsetMillis = startEpochMillis;
    }

    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + by);
        }
        nanos.addAndGet(by.toNanos());
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public long currentTimeMillis() {
        return epochOffsetMillis + nanos.get() / 1_000_000L;
    }
}
