package io.spate.api;

import io.spate.record.Row;

/** One row in, any number of rows out through the {@link Collector} (Flink: FlatMapFunction). */
@FunctionalInterface
public interface FlatMapFunction extends Function {

    /**
     * @param value the input row; valid only during this call
     * @param out takes rows of the output schema
     */
    void flatMap(Row value, Collector out) throws Exception;
}
