package io.spate.coordinator.checkpoint;

import java.util.Map;

/**
 * A checkpoint every task acknowledged and whose metadata file was written: what a restart restores
 * from (Flink: CompletedCheckpoint).
 *
 * @param states every subtask's state, by {@link TaskStateHandle#subtaskKey()}
 */
public record CompletedCheckpoint(
        String jobId,
        long id,
        long triggerTimeMs,
        long durationMs,
        Map<String, TaskStateHandle> states) {

    public CompletedCheckpoint {
        states = Map.copyOf(states);
    }

    /** Total bytes of all task state files. */
    public long stateSize() {
        long size = 0;
        for (TaskStateHandle s : states.values()) {
            size += s.size();
        }
        return size;
    }

    /** The longest alignment of any task, in milliseconds. */
    public double maxAlignmentMs() {
        long max = 0;
        for (TaskStateHandle s : states.values()) {
            max = Math.max(max, s.alignmentNanos());
        }
        return max / 1e6;
    }

    /** Every task's part, by vertex id and subtask. */
    public java.util.List<TaskStateHandle> tasks() {
        return states.values().stream()
                .sorted(java.util.Comparator.comparing(TaskStateHandle::subtaskKey))
                .toList();
    }

    public TaskStateHandle stateOf(String vertexId, int subtaskIndex) {
        return states.get(TaskStateHandle.key(vertexId, subtaskIndex));
    }
}
