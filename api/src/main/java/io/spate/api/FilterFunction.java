package io.spate.api;

import io.spate.record.Row;

/**
 * Keeps the rows it says true to, unchanged (Flink: FilterFunction); the output schema is the
 * input's.
 */
@FunctionalInterface
public interface FilterFunction extends Function {

    /**
     * @param value the input row; valid only during this call
     */
    boolean filter(Row value) throws Exception;
}
