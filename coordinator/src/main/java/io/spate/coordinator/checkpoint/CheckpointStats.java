package io.spate.coordinator.checkpoint;

/**
 * A job's checkpoint counters and latest checkpoints (src-docs/contracts.md §3 {@code
 * /jobs/{id}/checkpoints}).
 *
 * @param latestCompletedId -1 when none completed
 * @param latestRestoredId -1 when the job never restored
 * @param latestTasks each task's part of the latest completed checkpoint, by vertex and subtask
 */
public record CheckpointStats(
        long completed,
        long failed,
        long inProgress,
        long restored,
        long latestCompletedId,
        long latestCompletedDurationMs,
        long latestCompletedSize,
        double latestAlignmentMs,
        long latestRestoredId,
        java.util.List<TaskStateHandle> latestTasks) {

    public CheckpointStats {
        latestTasks = java.util.List.copyOf(latestTasks);
    }

    public static final CheckpointStats NONE =
            new CheckpointStats(0, 0, 0, 0, -1, 0, 0, 0, -1, java.util.List.of());
}
