package io.spate.coordinator.checkpoint;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A triggered checkpoint waiting for its acknowledgements (Flink: PendingCheckpoint). Owned by its
 * checkpoint coordinator's thread.
 */
final class PendingCheckpoint {

    private final long id;
    private final long triggerNanos;
    private final long triggerTimeMs;
    private final Set<String> notYetAcknowledged;
    private final Map<String, TaskStateHandle> states = new HashMap<>();
    private final boolean isFinal;

    /** All acknowledged; the metadata is being written. */
    private boolean completing;

    PendingCheckpoint(
            long id, long triggerNanos, long triggerTimeMs, Set<String> attempts, boolean isFinal) {
        this.id = id;
        this.isFinal = isFinal;
        this.triggerNanos = triggerNanos;
        this.triggerTimeMs = triggerTimeMs;
        this.notYetAcknowledged = new HashSet<>(attempts);
    }

    long id() {
        return id;
    }

    /** Triggered when every task's input had ended: its completion lets the tasks finish. */
    boolean isFinal() {
        return isFinal;
    }

    long triggerNanos() {
        return triggerNanos;
    }

    long triggerTimeMs() {
        return triggerTimeMs;
    }

    boolean isAcknowledgedBy(String attemptId) {
        return !notYetAcknowledged.contains(attemptId);
    }

    boolean expects(String attemptId) {
        return notYetAcknowledged.contains(attemptId) || states.containsKey(attemptId);
    }

    /**
     * Records a task's ack; false when the task is not part of this checkpoint or acked already.
     */
    boolean acknowledge(String attemptId, TaskStateHandle state) {
        if (!notYetAcknowledged.remove(attemptId)) {
            return false;
        }
        states.put(attemptId, state);
        return true;
    }

    boolean isFullyAcknowledged() {
        return notYetAcknowledged.isEmpty();
    }

    boolean isCompleting() {
        return completing;
    }

    CompletedCheckpoint complete(String jobId, long durationMs) {
        completing = true;
        Map<String, TaskStateHandle> bySubtask = new HashMap<>();
        states.values().forEach(s -> bySubtask.put(s.subtaskKey(), s));
        return new CompletedCheckpoint(jobId, id, triggerTimeMs, durationMs, bySubtask);
    }
}
