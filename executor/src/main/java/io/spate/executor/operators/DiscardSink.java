package io.spate.executor.operators;

import io.spate.record.Row;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * {@code Discard}: counts records and drops them (its {@code discarded-records} metric; the task's
 * records-in counts what the task read, before any chained filter). The count is its checkpointed
 * state, so it counts over restarts.
 */
public final class DiscardSink implements OneInputOperator {

    private long records;

    @Override
    public void processRecord(Row row) {
        records++;
    }

    @Override
    public void snapshotState(long checkpointId, DataOutput out) throws IOException {
        out.writeLong(records);
    }

    @Override
    public void restoreState(DataInput in) throws IOException {
        records = in.readLong();
    }

    public long records() {
        return records;
    }

    /** {@code discarded-records}: what reached the sink, after the operators chained before it. */
    @Override
    public void reportMetrics(OperatorMetrics metrics) {
        metrics.gauge("discarded-records", records);
    }
}
