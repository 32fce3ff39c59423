package io.spate.executor.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One long per key, updated in place: a counter costs one map lookup and no boxing per update (the
 * long lives in a one-element array the map holds). Absent = 0. Task thread only.
 */
public final class LongValueState extends PerKeyState<long[]> {

    LongValueState(KeyedStateBackend backend, String name) {
        super(backend, name);
    }

    /** The current key's value; 0 when it has none. */
    public long get() {
        long[] v = current();
        return v == null ? 0 : v[0];
    }

    /** Adds {@code delta} to the current key's value and returns the sum. */
    public long add(long delta) {
        long[] v = current();
        if (v == null) {
            v = new long[1];
            setCurrent(v);
        }
        return v[0] += delta;
    }

    public void set(long value) {
        long[] v = current();
        if (v == null) {
            setCurrent(new long[] {value});
        } else {
            v[0] = value;
        }
    }

    @Override
    void writeEntry(long[] entry, DataOutput out) throws IOException {
        out.writeLong(entry[0]);
    }

    @Override
    long[] readEntry(DataInput in) throws IOException {
        return new long[] {in.readLong()};
    }
}
