package io.spate.executor.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A list per key (Flink: ListState). Task thread only. */
public final class ListState<V> extends PerKeyState<ArrayList<V>> {

    private final StateSerializer<V> serializer;

    ListState(KeyedStateBackend backend, String name, StateSerializer<V> serializer) {
        super(backend, name);
        this.serializer = serializer;
    }

    public void add(V value) {
        ArrayList<V> list = current();
        if (list == null) {
            list = new ArrayList<>();
            setCurrent(list);
        }
        list.add(value);
    }

    /** The current key's values (live, read-only); empty when none. */
    public List<V> get() {
        ArrayList<V> list = current();
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }

    @Override
    void writeEntry(ArrayList<V> entry, DataOutput out) throws IOException {
        out.writeInt(entry.size());
        for (V v : entry) {
            serializer.write(v, out);
        }
    }

    @Override
    ArrayList<V> readEntry(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_ENTRIES) {
            throw new IOException(name() + ": a list of " + n + " values");
        }
        ArrayList<V> list = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            list.add(serializer.read(in));
        }
        return list;
    }
}
