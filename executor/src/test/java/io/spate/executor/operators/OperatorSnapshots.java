package io.spate.executor.operators;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Test harnesses' checkpoint: every subtask's operator state as bytes, as the task takes it. */
public final class OperatorSnapshots {

    private OperatorSnapshots() {}

    /** Each operator's {@code snapshotState(checkpointId)}, in order. */
    public static List<byte[]> of(List<? extends Operator> operators, long checkpointId)
            throws Exception {
        List<byte[]> snaps = new ArrayList<>();
        for (Operator op : operators) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream o = new DataOutputStream(bytes);
            op.snapshotState(checkpointId, o);
            o.flush();
            snaps.add(bytes.toByteArray());
        }
        return snaps;
    }
}
