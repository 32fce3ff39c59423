package io.spate.api;

/**
 * The current key's timers (Flink: TimerService). One timer per (key, time, domain): registering it
 * again keeps one. Times are epoch milliseconds.
 */
public interface TimerService {

    /** The task's clock. */
    long currentProcessingTime();

    /** The event time of the input so far; {@code Long.MIN_VALUE} before the first watermark. */
    long currentWatermark();

    /** Calls {@code onTimer} once the watermark reaches {@code time}. */
    void registerEventTimeTimer(long time);

    /** Calls {@code onTimer} once the clock reaches {@code time}. */
    void registerProcessingTimeTimer(long time);

    void deleteEventTimeTimer(long time);

    void deleteProcessingTimeTimer(long time);
}
