package io.spate.executor.operators;

import io.spate.executor.state.KeyedStateBackend;
import io.spate.executor.state.LongValueState;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * {@code RunningCount} (keyed, after a KeyBy): for each record emits {@code {<key field>, count}}
 * where count is how many records with that key this subtask has seen, this one included. The KeyBy
 * edge routes by key group, so every record of a key meets in the subtask that owns its group and
 * the counts are global. State: a {@link LongValueState} per key in the {@link KeyedStateBackend},
 * checkpointed per key group (so it restores at another parallelism too).
 */
public final class RunningCountOperator implements OneInputOperator {

    private final Output out;
    private final int keyIn;
    private final int keyOut;
    private final int countOut;
    private final FieldType keyType;
    private final Row result;
    private final KeyedStateBackend backend;
    private final LongValueState counts;

    public RunningCountOperator(OperatorContext context, Output out) {
        this.out = out;
        Schema in = context.spec().inputSchema().orElseThrow();
        Schema emitted = context.spec().outputSchema().orElseThrow();
        String key =
                context.spec()
                        .keyField()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                context.spec().name()
                                                        + ": RunningCount needs a key field (read a KeyBy)"));
        this.keyIn = in.indexOf(key);
        this.keyOut = emitted.indexOf(key);
        this.countOut = emitted.indexOf("count");
        this.keyType = in.field(keyIn).type();
        this.result = new Row(emitted);
        this.backend = new KeyedStateBackend(context.keyGroupRange(), keyType);
        this.counts = backend.longState("count");
    }

    @Override
    public void processRecord(Row row) throws Exception {
        switch (keyType) {
            case STRING -> {
                String key = row.getString(keyIn);
                backend.setCurrentKey(key);
                result.setString(keyOut, key);
            }
            case LONG -> {
                long key = row.getLong(keyIn);
                backend.setCurrentKey(key);
                result.setLong(keyOut, key);
            }
            case DOUBLE -> {
                double key = row.getDouble(keyIn);
                backend.setCurrentKey(key);
                result.setDouble(keyOut, key);
            }
            case BOOLEAN -> {
                boolean key = row.getBoolean(keyIn);
                backend.setCurrentKey(key);
                result.setBoolean(keyOut, key);
            }
        }
        out.emit(result.setLong(countOut, counts.add(1)));
    }

    @Override
    public void snapshotState(long checkpointId, DataOutput out) throws IOException {
        backend.snapshot(out);
    }

    /** Adds one snapshot's key groups that this subtask owns (once per old subtask on rescale). */
    @Override
    public void restoreState(DataInput in) throws IOException {
        backend.restore(in);
    }

    /** The count of {@code key} (hashed to {@code keyHash}) so far; task thread only. */
    public long count(Object key, int keyHash) {
        backend.setCurrentKey(key, keyHash);
        return counts.get();
    }

    /** Keys with a count. */
    public long keys() {
        return backend.size();
    }
}
