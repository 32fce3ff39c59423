package io.spate.executor.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A part of a {@link KeyedStateBackend} that keeps its data per key group, so a snapshot can be cut
 * by group and a restore can take any range: the states, the timer services, and an operator's own
 * keyed structure ({@link KeyedStateBackend#register}). Task thread only.
 */
public interface KeyGroupedState {

    /** Unique within the backend; checked on restore. */
    String name();

    /** A snapshot starts: the {@link #writeGroup} calls of every group follow, in order. */
    default void beginSnapshot() {}

    /** The snapshot's groups are written. */
    default void endSnapshot() {}

    /** Writes the data of key group {@code keyGroup}, between begin and end of a snapshot. */
    void writeGroup(int keyGroup, DataOutput out) throws IOException;

    /** Reads what {@link #writeGroup} wrote for {@code keyGroup}, adding it to what is held. */
    void readGroup(int keyGroup, DataInput in) throws IOException;

    /** How many entries it holds (for the state-size metric). */
    long size();
}
