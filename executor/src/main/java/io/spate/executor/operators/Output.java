package io.spate.executor.operators;

import io.spate.record.Row;

/**
 * Where an operator sends what it emits: the next operator of its chain (a method call) or the
 * task's record writers. Called on the task thread; the row may be reused by the caller as soon as
 * {@code emit} returns. Watermarks and watermark status go the same way, in order with the records.
 */
@FunctionalInterface
public interface Output {
    void emit(Row row) throws Exception;

    /**
     * No record with an event time at or below {@code watermark} follows (Long.MAX_VALUE: none at
     * all). Watermarks only rise: a lower or equal one is ignored downstream.
     */
    default void emitWatermark(long watermark) throws Exception {}

    /**
     * Idle: this output sends nothing for a while, so consumers do not wait for its watermark;
     * active again when it sends a watermark or {@code idle = false}.
     */
    default void emitWatermarkStatus(boolean idle) throws Exception {}
}
