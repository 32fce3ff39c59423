package io.spate.api;

import io.spate.record.Row;

/**
 * One row in, one row out (Flink: MapFunction). The row returned has the transform's {@code output}
 * schema ({@link RuntimeContext#outputSchema()}); a function keeps one output row from {@link
 * #open} and fills it for every record, so no row is allocated per record.
 */
@FunctionalInterface
public interface MapFunction extends Function {

    /**
     * @param value the input row; valid only during this call (copy what you keep)
     * @return the output row, of the output schema; it may be reused as soon as this returns
     */
    Row map(Row value) throws Exception;
}
