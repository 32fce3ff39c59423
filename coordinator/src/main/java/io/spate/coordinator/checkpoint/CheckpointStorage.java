package io.spate.coordinator.checkpoint;

import java.util.concurrent.CompletableFuture;

/**
 * Where completed checkpoints are recorded (Flink: CheckpointStorage + CompletedCheckpointStore).
 * Implementations do their IO off the caller's thread; futures complete on any thread.
 */
public interface CheckpointStorage {

    /**
     * Writes the checkpoint's metadata atomically; it counts as complete only once this succeeded.
     */
    CompletableFuture<Void> store(CompletedCheckpoint checkpoint);

    /** Deletes checkpoint {@code id} of {@code jobId} (metadata and task state); best effort. */
    void discard(String jobId, long id);

    /** Deletes everything of {@code jobId} (its whole directory); best effort. */
    void discardJob(String jobId);
}
