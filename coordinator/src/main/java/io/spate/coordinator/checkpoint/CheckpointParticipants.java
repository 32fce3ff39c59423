package io.spate.coordinator.checkpoint;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The tasks of a job as its checkpoint coordinator sees them, and how it reaches them. Implemented
 * by {@link ExecutionGraphParticipants} (tests fake it); called on the job master's thread only.
 */
public interface CheckpointParticipants {

    /** Where a task stands for checkpointing. */
    enum Phase {
        /** Not (yet) running: no checkpoint can be triggered. */
        NOT_RUNNING,
        RUNNING,
        /** Its input ended; it acknowledges any checkpoint it is asked for with its final state. */
        INPUT_ENDED
    }

    /**
     * The current attempt of one subtask.
     *
     * @param source whether its vertex has no inputs (barriers start there)
     */
    record Participant(
            String attemptId, String vertexId, int subtaskIndex, boolean source, Phase phase) {}

    /** The current attempt of every subtask of the job. */
    List<Participant> participants();

    /**
     * Asks one task to snapshot checkpoint {@code id} (sources then emit barrier {@code id}). The
     * answer completes on any thread; it fails, with the reason as message, when the task cannot
     * take it (it ended, or its executor is gone).
     */
    CompletableFuture<Void> trigger(Participant task, long id, long timestampMs);

    /**
     * Tells every task of the job that checkpoint {@code id} completed (sinks commit); after the
     * {@code finalCheckpoint} the tasks finish.
     */
    void notifyComplete(long id, boolean finalCheckpoint);
}
