package io.spate.executor.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** One value per key (Flink: ValueState). Task thread only. */
public final class ValueState<V> extends PerKeyState<V> {

    private final StateSerializer<V> serializer;

    ValueState(KeyedStateBackend backend, String name, StateSerializer<V> serializer) {
        super(backend, name);
        this.serializer = serializer;
    }

    /** The current key's value, or null. */
    public V value() {
        return current();
    }

    public void update(V value) {
        if (value == null) {
            clear();
        } else {
            setCurrent(value);
        }
    }

    @Override
    void writeEntry(V entry, DataOutput out) throws IOException {
        serializer.write(entry, out);
    }

    @Override
    V readEntry(DataInput in) throws IOException {
        return serializer.read(in);
    }
}
