package io.spate.coordinator.checkpoint;

/**
 * One task's part of a checkpoint, as it acknowledged it.
 *
 * @param handle the task's state file, relative to {@code spate.checkpoints.dir}
 * @param size bytes of that file
 * @param alignmentNanos first to last barrier at the task (0 for sources)
 * @param syncNanos the snapshot's copy on the task thread
 * @param asyncNanos writing it, off the task thread
 */
public record TaskStateHandle(
        String vertexId,
        int subtaskIndex,
        String handle,
        long size,
        long alignmentNanos,
        long syncNanos,
        long asyncNanos) {

    public TaskStateHandle(
            String vertexId, int subtaskIndex, String handle, long size, long alignmentNanos) {
        this(vertexId, subtaskIndex, handle, size, alignmentNanos, 0, 0);
    }

    /**
     * {@code "<vertex id>/<subtask>"}: how a checkpoint finds a subtask's state across attempts.
     */
    public String subtaskKey() {
        return key(vertexId, subtaskIndex);
    }

    public static String key(String vertexId, int subtaskIndex) {
        return vertexId + "/" + subtaskIndex;
    }
}
