package io.spate.executor.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** A map per key (Flink: MapState). Task thread only. */
public final class MapState<K, V> extends PerKeyState<HashMap<K, V>> {

    private final StateSerializer<K> keys;
    private final StateSerializer<V> values;

    MapState(
            KeyedStateBackend backend,
            String name,
            StateSerializer<K> keys,
            StateSerializer<V> values) {
        super(backend, name);
        this.keys = keys;
        this.values = values;
    }

    public V get(K key) {
        HashMap<K, V> map = current();
        return map == null ? null : map.get(key);
    }

    public void put(K key, V value) {
        HashMap<K, V> map = current();
        if (map == null) {
            map = new HashMap<>();
            setCurrent(map);
        }
        map.put(key, value);
    }

    public void remove(K key) {
        HashMap<K, V> map = current();
        if (map != null) {
            map.remove(key);
            if (map.isEmpty()) {
                clear();
            }
        }
    }

    /** The current key's entries (live, read-only). */
    public Map<K, V> entries() {
        HashMap<K, V> map = current();
        return map == null ? Map.of() : Collections.unmodifiableMap(map);
    }

    @Override
    void writeEntry(HashMap<K, V> entry, DataOutput out) throws IOException {
        out.writeInt(entry.size());
        for (Map.Entry<K, V> e : entry.entrySet()) {
            keys.write(e.getKey(), out);
            values.write(e.getValue(), out);
        }
    }

    @Override
    HashMap<K, V> readEntry(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_ENTRIES) {
            throw new IOException(name() + ": a map of " + n + " entries");
        }
        HashMap<K, V> map = new HashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(keys.read(in), values.read(in));
        }
        return map;
    }
}
