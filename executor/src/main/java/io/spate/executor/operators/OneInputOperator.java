package io.spate.executor.operators;

import io.spate.record.Row;

/** An operator that reads records: a transform or a sink. */
public interface OneInputOperator extends Operator {

    /**
     * Processes one record. String fields of {@code row} may be views into a network buffer that
     * are valid only during this call; an operator that keeps a value copies it.
     */
    void processRecord(Row row) throws Exception;
}
