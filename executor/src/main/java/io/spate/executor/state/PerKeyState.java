package io.spate.executor.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A state with one entry per key, kept in one hash map per key group of the backend's range, so a
 * snapshot writes a group by walking its map only. Task thread only.
 *
 * @param <S> what one key holds
 */
abstract class PerKeyState<S> implements KeyGroupedState {

    /** A corrupt entry count must not make a restore loop for ever. */
    static final int MAX_ENTRIES = 1 << 28;

    final KeyedStateBackend backend;
    private final String name;
    private final HashMap<Object, S>[] groups;
    private long size;

    @SuppressWarnings("unchecked")
    PerKeyState(KeyedStateBackend backend, String name) {
        this.backend = backend;
        this.name = name;
        this.groups = new HashMap[backend.range().size()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = new HashMap<>();
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** The current key's entry, or null. */
    final S current() {
        return groups[backend.currentGroupIndex()].get(backend.currentKey());
    }

    final void setCurrent(S value) {
        if (groups[backend.currentGroupIndex()].put(backend.currentKey(), value) == null) {
            size++;
        }
    }

    /** Removes the current key's entry. */
    public final void clear() {
        if (groups[backend.currentGroupIndex()].remove(backend.currentKey()) != null) {
            size--;
        }
    }

    @Override
    public long size() {
        return size;
    }

    abstract void writeEntry(S entry, DataOutput out) throws IOException;

    abstract S readEntry(DataInput in) throws IOException;

    @Override
    public void writeGroup(int keyGroup, DataOutput out) throws IOException {
        HashMap<Object, S> map = groups[keyGroup - backend.range().first()];
        out.writeInt(map.size());
        for (Map.Entry<Object, S> e : map.entrySet()) {
            backend.keySerializer().write(e.getKey(), out);
            writeEntry(e.getValue(), out);
        }
    }

    @Override
    public void readGroup(int keyGroup, DataInput in) throws IOException {
        HashMap<Object, S> map = groups[keyGroup - backend.range().first()];
        int entries = in.readInt();
        if (entries < 0 || entries > MAX_ENTRIES) {
            throw new IOException(name + ": " + entries + " entries in key group " + keyGroup);
        }
        for (int i = 0; i < entries; i++) {
            Object key = backend.keySerializer().read(in);
            if (map.put(key, readEntry(in)) == null) {
                size++;
            }
        }
    }
}
