package io.spate.executor.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;

/**
 * A state with one entry per key, in one hash map for the subtask's whole key-group range: a lookup
 * costs what a plain map costs (per-group maps were measured 8 % slower on word count, their
 * subsets of sequential string hashes fill buckets unevenly). A snapshot cuts the map by key group
 * first ({@link #beginSnapshot}), so each group is still written on its own. Task thread only.
 *
 * @param <S> what one key holds
 */
abstract class PerKeyState<S> implements KeyGroupedState {

    /** A corrupt entry count must not make a restore loop for ever. */
    static final int MAX_ENTRIES = 1 << 28;

    final KeyedStateBackend backend;
    private final String name;
    private final HashMap<Object, S> entries = new HashMap<>();
    private ArrayList<Object>[] keysByGroup; // during a snapshot only

    PerKeyState(KeyedStateBackend backend, String name) {
        this.backend = backend;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /** The current key's entry, or null. */
    final S current() {
        return entries.get(backend.checkedCurrentKey());
    }

    final void setCurrent(S value) {
        entries.put(backend.checkedCurrentKey(), value);
    }

    /** Removes the current key's entry. */
    public final void clear() {
        entries.remove(backend.checkedCurrentKey());
    }

    @Override
    public long size() {
        return entries.size();
    }

    abstract void writeEntry(S entry, DataOutput out) throws IOException;

    abstract S readEntry(DataInput in) throws IOException;

    @Override
    @SuppressWarnings("unchecked")
    public void beginSnapshot() {
        KeyGroupRange range = backend.range();
        keysByGroup = new ArrayList[range.size()];
        for (Object key : entries.keySet()) {
            int index = backend.groupIndexOf(key);
            ArrayList<Object> keys = keysByGroup[index];
            if (keys == null) {
                keys = keysByGroup[index] = new ArrayList<>();
            }
            keys.add(key);
        }
    }

    @Override
    public void endSnapshot() {
        keysByGroup = null;
    }

    @Override
    public void writeGroup(int keyGroup, DataOutput out) throws IOException {
        ArrayList<Object> keys = keysByGroup[keyGroup - backend.range().first()];
        if (keys == null) {
            out.writeInt(0);
            return;
        }
        out.writeInt(keys.size());
        for (Object key : keys) {
            backend.keySerializer().write(key, out);
            writeEntry(entries.get(key), out);
        }
    }

    @Override
    public void readGroup(int keyGroup, DataInput in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_ENTRIES) {
            throw new IOException(name + ": " + count + " entries in key group " + keyGroup);
        }
        for (int i = 0; i < count; i++) {
            Object key = backend.keySerializer().read(in);
            if (backend.keyGroupOf(key) != keyGroup) {
                throw new IOException(
                        name + ": key " + key + " does not belong to key group " + keyGroup);
            }
            entries.put(key, readEntry(in));
        }
    }
}
