package io.spate.executor.operators;

import io.spate.record.Row;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * {@code Discard}: counts records and drops them (the task's records-in metric shows them). The
 * count is its checkpointed state, so it counts over restarts.
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
}
