package io.spate.executor.operators;

import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code RunningCount} (keyed, after a KeyBy): for each record emits {@code {<key field>, count}}
 * where count is how many records with that key this subtask has seen, this one included. The KeyBy
 * edge hash-partitions by the key, so every record of a key meets in one subtask and the counts are
 * global. State: {@link #counts()}, by key value (String, Long, Double or Boolean); checkpointed as
 * {@code [key type: UTF][entries: int]} then per entry {@code [key][count: long]}, a string key as
 * {@code [length: int][UTF-8]} (no 64 KiB limit), the others as their primitive.
 */
public final class RunningCountOperator implements OneInputOperator {

    private final Output out;
    private final int keyIn;
    private final int keyOut;
    private final int countOut;
    private final FieldType keyType;
    private final Row result;
    private final Map<Object, long[]> counts = new HashMap<>();

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
    }

    @Override
    public void processRecord(Row row) throws Exception {
        Object key =
                switch (keyType) {
                    case STRING -> row.getString(keyIn);
                    case LONG -> row.getLong(keyIn);
                    case DOUBLE -> row.getDouble(keyIn);
                    case BOOLEAN -> row.getBoolean(keyIn);
                };
        long[] count = counts.get(key);
        if (count == null) {
            count = new long[1];
            counts.put(key, count);
        }
        count[0]++;
        switch (keyType) {
            case STRING -> result.setString(keyOut, (String) key);
            case LONG -> result.setLong(keyOut, (Long) key);
            case DOUBLE -> result.setDouble(keyOut, (Double) key);
            case BOOLEAN -> result.setBoolean(keyOut, (Boolean) key);
        }
        out.emit(result.setLong(countOut, count[0]));
    }

    @Override
    public void snapshotState(long checkpointId, DataOutput out) throws IOException {
        out.writeUTF(keyType.name());
        out.writeInt(counts.size());
        for (Map.Entry<Object, long[]> entry : counts.entrySet()) {
            switch (keyType) {
                case STRING -> {
                    byte[] utf8 = ((String) entry.getKey()).getBytes(StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                }
                case LONG -> out.writeLong((Long) entry.getKey());
                case DOUBLE -> out.writeDouble((Double) entry.getKey());
                case BOOLEAN -> out.writeBoolean((Boolean) entry.getKey());
            }
            out.writeLong(entry.getValue()[0]);
        }
    }

    @Override
    public void restoreState(DataInput in) throws IOException {
        String type = in.readUTF();
        if (!type.equals(keyType.name())) {
            throw new IOException(
                    "RunningCount state has " + type + " keys, the job has " + keyType);
        }
        int entries = in.readInt();
        if (entries < 0) {
            throw new IOException("RunningCount state: negative entry count " + entries);
        }
        counts.clear();
        for (int i = 0; i < entries; i++) {
            Object key =
                    switch (keyType) {
                        case STRING -> {
                            int length = in.readInt();
                            if (length < 0 || length > (64 << 20)) {
                                throw new IOException(
                                        "RunningCount state: key of " + length + " bytes");
                            }
                            byte[] utf8 = new byte[length];
                            in.readFully(utf8);
                            yield new String(utf8, StandardCharsets.UTF_8);
                        }
                        case LONG -> in.readLong();
                        case DOUBLE -> in.readDouble();
                        case BOOLEAN -> in.readBoolean();
                    };
            counts.put(key, new long[] {in.readLong()});
        }
    }

    /** The count of every key seen so far (live view; task thread only). */
    public Map<Object, long[]> counts() {
        return Collections.unmodifiableMap(counts);
    }
}
