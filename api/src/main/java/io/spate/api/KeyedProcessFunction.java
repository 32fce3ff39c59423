package io.spate.api;

import io.spate.record.Row;

/**
 * Per-key logic with state and timers (Flink: KeyedProcessFunction); only after a {@code KeyBy},
 * which decides the key. State comes from {@link RuntimeContext#state()} (register it in {@link
 * #open}); it is the key's own in {@link #processElement} and {@link #onTimer}, and is part of
 * every checkpoint, so it survives a failover. Timers are per key too, are checkpointed, and call
 * {@link #onTimer} with their key current.
 */
public interface KeyedProcessFunction extends Function {

    /**
     * @param value the input row; valid only during this call
     * @param context the current key, its timers, the watermark
     * @param out takes rows of the output schema
     */
    void processElement(Row value, Context context, Collector out) throws Exception;

    /**
     * A timer of the current key is due: an event-time one when the watermark passed it, a
     * processing-time one when the clock did.
     *
     * @param timestamp the time the timer was registered for (epoch ms)
     */
    default void onTimer(long timestamp, OnTimerContext context, Collector out) throws Exception {}

    /** The key and the timers, while a record or a timer is processed. */
    interface Context {

        /** The current key: a String, Long, Double or Boolean, as the key field's type. */
        Object currentKey();

        /** The current key's timers, and the current times. */
        TimerService timerService();
    }

    /** The context of a firing timer. */
    interface OnTimerContext extends Context {

        /** Whether it is an event-time timer (else a processing-time one). */
        boolean eventTime();
    }
}
