package io.spate.executor.operators.join;

import io.spate.executor.state.StateSerializer;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes and reads one key's kept rows of both sides, {@code RowBuffer[] {left, right}} (either may
 * be null: none), for the regular and the interval join's state; counts the rows it reads. Task
 * thread only.
 */
final class SideBuffersSerializer implements StateSerializer<RowBuffer[]> {

    private final RowLayout[] layouts;
    private long rowsRead;

    SideBuffersSerializer(RowLayout left, RowLayout right) {
        this.layouts = new RowLayout[] {left, right};
    }

    @Override
    public void write(RowBuffer[] sides, DataOutput out) throws IOException {
        RowBuffer.write(sides[JoinMechanism.LEFT], out);
        RowBuffer.write(sides[JoinMechanism.RIGHT], out);
    }

    @Override
    public RowBuffer[] read(DataInput in) throws IOException {
        RowBuffer[] sides = new RowBuffer[2];
        for (int s = 0; s < 2; s++) {
            sides[s] = RowBuffer.read(layouts[s], in);
            rowsRead += sides[s] == null ? 0 : sides[s].size();
        }
        return sides;
    }

    /** The rows read by restores so far. */
    long rowsRead() {
        return rowsRead;
    }
}
