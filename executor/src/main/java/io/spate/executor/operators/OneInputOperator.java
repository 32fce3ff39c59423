package io.spate.executor.operators;

import io.spate.record.Row;

/** An operator that reads records: a transform or a sink. */
public interface OneInputOperator extends Operator {

    /**
     * Processes one record. String fields of {@code row} may be views into a network buffer that
     * are valid only during this call; an operator that keeps a value copies it.
     */
    void processRecord(Row row) throws Exception;

    /**
     * The event time of the input advanced to {@code watermark} (the minimum over its active
     * channels): fire the event-time timers up to it. The chain then passes the watermark on to the
     * next operator, unless {@link #forwardsWatermarks} says this one makes its own.
     */
    default void processWatermark(long watermark) throws Exception {}

    /** False for an operator that emits watermarks of its own (AssignWatermarks). */
    default boolean forwardsWatermarks() {
        return true;
    }
}
