package io.spate.executor.checkpoint;

import java.util.List;

/**
 * What one subtask wrote for one checkpoint: every operator of its chain, head first. Immutable;
 * built on the task thread, written to its file off it.
 */
public record TaskStateSnapshot(
        long checkpointId, String vertexId, int subtask, List<OperatorState> operators) {

    public TaskStateSnapshot {
        operators = List.copyOf(operators);
    }

    /** Bytes of operator state (without the file's framing). */
    public long stateBytes() {
        long total = 0;
        for (OperatorState operator : operators) {
            total += operator.state().length;
        }
        return total;
    }
}
