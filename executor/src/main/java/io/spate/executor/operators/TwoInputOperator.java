package io.spate.executor.operators;

import io.spate.record.Row;

/**
 * An operator that reads two inputs (Flink: TwoInputStreamOperator): the first input of its
 * transform ({@code input: [left, right]}) through {@link #processRecord1}, the second through
 * {@link #processRecord2}. It heads its task's chain: the task reads the records of each gate into
 * its side, aligns checkpoint barriers over the channels of both and passes the minimum watermark
 * of both to {@link #processWatermark}. Task thread only.
 */
public interface TwoInputOperator extends Operator {

    /** A record of the first (left) input; string fields may be views valid during the call. */
    void processRecord1(Row row) throws Exception;

    /** A record of the second (right) input. */
    void processRecord2(Row row) throws Exception;

    /**
     * Event time of both inputs advanced to {@code watermark} (the minimum of the two): fire the
     * timers up to it. The chain passes the watermark on to the next operator after this call.
     */
    default void processWatermark(long watermark) throws Exception {}
}
