package io.spate.api;

import io.spate.record.Row;

/**
 * Where a function emits rows (Flink: Collector). Each row is passed on before {@code collect}
 * returns, so the caller may reuse it at once.
 */
@FunctionalInterface
public interface Collector {

    /**
     * @param row a row of the transform's output schema
     * @throws IllegalArgumentException if the row has another schema
     */
    void collect(Row row) throws Exception;
}
