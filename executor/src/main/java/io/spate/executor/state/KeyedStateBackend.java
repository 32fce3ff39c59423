package io.spate.executor.state;

import io.spate.jobgraph.KeyGroups;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The keyed state of one operator in one subtask, snapshotted per key group (Flink:
 * HeapKeyedStateBackend with KeyGroupRange). Task thread only: no locks. The operator sets the
 * current key before it reads or writes a state ({@link #setCurrentKey}); every state then sees
 * that key's value only. A key outside the subtask's range (a routing bug) is refused when its
 * group is first needed: at once when the record's hash is given, else at the next timer or
 * snapshot.
 *
 * <p>Snapshot ({@link #snapshot}), written on the task thread into bytes the checkpoint writes
 * elsewhere:
 *
 * <pre>
 * [magic: int 'SPKG'][version: byte 1][maxParallelism: int][key type: UTF][parts: int]{[name: UTF]}
 * [groups: int]{[keyGroup: int][length: int][each part's data for the group, in order]}
 * </pre>
 *
 * A restore ({@link #restore}) keeps the groups of this subtask's range and skips the others, and
 * may be called once per snapshot of the old subtasks: so state taken at one parallelism restores
 * at any other up to maxParallelism, with nothing but the key-group ranges changing.
 */
public final class KeyedStateBackend {

    static final int MAGIC = 0x53504b47;
    static final byte VERSION = 1;

    private final KeyGroupRange range;
    private final io.spate.record.FieldType keyType;
    private final StateSerializer<Object> keySerializer;
    private final List<KeyGroupedState> parts = new ArrayList<>();
    private Object currentKey;
    private static final int NO_KEY = -1;
    private static final int GROUP_UNKNOWN = -2; // set by setCurrentKey(key): found when needed
    private int currentGroupIndex = NO_KEY;

    /** Keys of a record field's type: String, Long, Double or Boolean. */
    public KeyedStateBackend(KeyGroupRange range, io.spate.record.FieldType keyType) {
        this.range = range;
        this.keyType = keyType;
        this.keySerializer = StateSerializer.forField(keyType);
    }

    public KeyGroupRange range() {
        return range;
    }

    public int maxParallelism() {
        return range.maxParallelism();
    }

    /**
     * Makes {@code key} current; {@code keyHash} is its {@code Row.hashField}, from which the key
     * group follows.
     *
     * @throws IllegalStateException if the key's group is not this subtask's (a routing bug)
     */
    public void setCurrentKey(Object key, int keyHash) {
        setCurrentKeyInGroup(key, KeyGroups.keyGroupOf(keyHash, range.maxParallelism()));
    }

    /** Makes {@code key} of group {@code keyGroup} current (timers know their group). */
    void setCurrentKeyInGroup(Object key, int keyGroup) {
        if (!range.contains(keyGroup)) {
            throw new IllegalStateException(
                    "key "
                            + key
                            + " is in key group "
                            + keyGroup
                            + ", outside this subtask's "
                            + range);
        }
        currentKey = key;
        currentGroupIndex = keyGroup - range.first();
    }

    /**
     * Makes {@code key} current without its hash: the group is found from the key only when a timer
     * needs it, and checked against the range when a snapshot cuts the state by group. The hot path
     * of operators without timers (RunningCount): a record then costs one map lookup, as a plain
     * map would.
     */
    public void setCurrentKey(Object key) {
        currentKey = key;
        currentGroupIndex = GROUP_UNKNOWN;
    }

    public Object currentKey() {
        return currentKey;
    }

    /** The current key for a state access. */
    Object checkedCurrentKey() {
        if (currentGroupIndex == NO_KEY) {
            throw new IllegalStateException("no current key: call setCurrentKey first");
        }
        return currentKey;
    }

    /** {@code Row.hashField} of a field of the key type holding {@code key}. */
    int hashOf(Object key) {
        return switch (keyType) {
            case STRING -> io.spate.record.Utf8.hash((String) key);
            case LONG -> io.spate.record.Hashing.hashLong((Long) key);
            case DOUBLE ->
                    io.spate.record.Hashing.hashLong(Double.doubleToRawLongBits((Double) key));
            case BOOLEAN -> io.spate.record.Hashing.hashLong((Boolean) key ? 1 : 0);
        };
    }

    /** The key group of {@code key}. */
    public int keyGroupOf(Object key) {
        return KeyGroups.keyGroupOf(hashOf(key), range.maxParallelism());
    }

    /** The current key's group. */
    public int currentKeyGroup() {
        return currentGroupIndex() + range.first();
    }

    int currentGroupIndex() {
        if (currentGroupIndex == GROUP_UNKNOWN) {
            setCurrentKeyInGroup(currentKey, keyGroupOf(currentKey));
        } else if (currentGroupIndex == NO_KEY) {
            throw new IllegalStateException("no current key: call setCurrentKey first");
        }
        return currentGroupIndex;
    }

    /**
     * The index in the range of the group of {@code key}, a key of a state.
     *
     * @throws IllegalStateException if the key's group is not this subtask's (a routing bug)
     */
    int groupIndexOf(Object key) {
        int group = keyGroupOf(key);
        if (!range.contains(group)) {
            throw new IllegalStateException(
                    "key "
                            + key
                            + " is in key group "
                            + group
                            + ", outside this subtask's "
                            + range);
        }
        return group - range.first();
    }

    /** Writes and reads keys of this backend's key type. */
    public StateSerializer<Object> keySerializer() {
        return keySerializer;
    }

    public <V> ValueState<V> valueState(String name, StateSerializer<V> serializer) {
        return register(new ValueState<>(this, name, serializer));
    }

    public LongValueState longState(String name) {
        return register(new LongValueState(this, name));
    }

    public <K, V> MapState<K, V> mapState(
            String name, StateSerializer<K> keys, StateSerializer<V> values) {
        return register(new MapState<>(this, name, keys, values));
    }

    public <V> ListState<V> listState(String name, StateSerializer<V> serializer) {
        return register(new ListState<>(this, name, serializer));
    }

    /** Timers per key and namespace; {@code target} is called with the timer's key current. */
    public KeyedTimers timers(String name, KeyedTimers.Target target, ProcessingTimers processing) {
        return register(new KeyedTimers(this, name, target, processing));
    }

    /**
     * Adds an operator's own keyed structure (the Window operator's panes), snapshotted and
     * restored per key group with the states; its name must be unique among them.
     */
    public <S extends KeyGroupedState> S register(S part) {
        for (KeyGroupedState p : parts) {
            if (p.name().equals(part.name())) {
                throw new IllegalArgumentException("state " + part.name() + " registered twice");
            }
        }
        parts.add(part);
        return part;
    }

    /** Entries held by all parts (keys with a value, timers). */
    public long size() {
        long total = 0;
        for (KeyGroupedState p : parts) {
            total += p.size();
        }
        return total;
    }

    /** Writes every key group of this subtask's range. */
    public void snapshot(DataOutput out) throws IOException {
        out.writeInt(MAGIC);
        out.writeByte(VERSION);
        out.writeInt(range.maxParallelism());
        out.writeUTF(keyType.name());
        out.writeInt(parts.size());
        for (KeyGroupedState p : parts) {
            out.writeUTF(p.name());
        }
        out.writeInt(range.size());
        ByteArrayOutputStream group = new ByteArrayOutputStream();
        DataOutputStream groupOut = new DataOutputStream(group);
        for (KeyGroupedState p : parts) {
            p.beginSnapshot();
        }
        try {
            for (int g = range.first(); g < range.end(); g++) {
                group.reset();
                for (KeyGroupedState p : parts) {
                    p.writeGroup(g, groupOut);
                }
                groupOut.flush();
                out.writeInt(g);
                out.writeInt(group.size());
                group.writeTo(asStream(out));
            }
        } finally {
            for (KeyGroupedState p : parts) {
                p.endSnapshot();
            }
        }
    }

    /**
     * Adds the key groups of {@code in} (one old subtask's snapshot) that fall in this range.
     *
     * @throws IOException if the snapshot is of another max parallelism or other states, or is
     *     malformed
     */
    public void restore(DataInput in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not a keyed state snapshot (bad magic)");
        }
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IOException(
                    "keyed state snapshot version " + version + ", expected " + VERSION);
        }
        int maxParallelism = in.readInt();
        if (maxParallelism != range.maxParallelism()) {
            throw new IOException(
                    "keyed state was taken with maxParallelism "
                            + maxParallelism
                            + ", the job has "
                            + range.maxParallelism()
                            + " (key groups cannot be re-cut)");
        }
        String type = in.readUTF();
        if (!type.equals(keyType.name())) {
            throw new IOException("keyed state has " + type + " keys, the operator has " + keyType);
        }
        int count = in.readInt();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(in.readUTF());
        }
        List<String> mine = parts.stream().map(KeyGroupedState::name).toList();
        if (!names.equals(mine)) {
            throw new IOException("keyed state holds " + names + ", the operator has " + mine);
        }
        int groups = in.readInt();
        if (groups < 0 || groups > maxParallelism) {
            throw new IOException("keyed state snapshot with " + groups + " key groups");
        }
        for (int i = 0; i < groups; i++) {
            int g = in.readInt();
            int length = in.readInt();
            if (g < 0 || g >= maxParallelism || length < 0) {
                throw new IOException("key group " + g + " of " + length + " bytes");
            }
            if (!range.contains(g)) {
                in.skipBytes(length);
                continue;
            }
            for (KeyGroupedState p : parts) {
                p.readGroup(g, in);
            }
        }
    }

    private static java.io.OutputStream asStream(DataOutput out) {
        if (out instanceof java.io.OutputStream stream) {
            return stream;
        }
        return new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }
        };
    }
}
