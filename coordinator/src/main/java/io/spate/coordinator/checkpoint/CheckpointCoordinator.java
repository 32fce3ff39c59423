package io.spate.coordinator.checkpoint;

import io.spate.clock.Clock;
import io.spate.coordinator.checkpoint.CheckpointParticipants.Participant;
import io.spate.coordinator.checkpoint.CheckpointParticipants.Phase;
import io.spate.rpc.GrpcFutures;
import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Triggers a job's checkpoints and completes them (Flink: CheckpointCoordinator). Not thread-safe:
 * every method runs on the job master's thread; storage futures come back through {@code
 * mainThread}.
 *
 * <pre>
 *  tick: every task RUNNING / INPUT_ENDED, none in flight, interval passed ─▶ trigger n
 *        (sources snapshot and emit barrier n; INPUT_ENDED tasks ack their final state)
 *  ack from every task ─▶ metadata written (atomic) ─▶ completed: notify tasks, keep the last K
 *  decline, timeout, or abort (failover) ─▶ failed; the next one proceeds
 *  every task INPUT_ENDED ─▶ the final checkpoint at once; its completion lets tasks finish
 * </pre>
 *
 * At most one checkpoint is in flight. Ids grow across restarts, so a late ack of an old checkpoint
 * or attempt never counts for a new one.
 */
public final class CheckpointCoordinator {

    private static final Logger LOG = Logger.getLogger(CheckpointCoordinator.class);

    private final String jobId;
    private final Optional<Duration> interval;
    private final Duration timeout;
    private final int retained;
    private final CheckpointStorage storage;
    private final CheckpointParticipants participants;
    private final Clock clock;
    private final Executor mainThread;
    private final CheckpointMetrics metrics;
    private final ArrayDeque<CompletedCheckpoint> completedCheckpoints = new ArrayDeque<>();

    private long nextId = 1;
    private PendingCheckpoint pending;
    private boolean running;
    private long nextTriggerNanos;
    private long completed;
    private long failed;
    private long restored;
    private long latestRestoredId = -1;

    public CheckpointCoordinator(
            String jobId,
            Optional<Duration> interval,
            Duration timeout,
            int retained,
            CheckpointStorage storage,
            CheckpointParticipants participants,
            Clock clock,
            Executor mainThread,
            CheckpointMetrics metrics) {
        if (retained < 1) {
            throw new IllegalArgumentException("retained checkpoints must be >= 1");
        }
        this.jobId = jobId;
        this.interval = interval;
        this.timeout = timeout;
        this.retained = retained;
        this.storage = storage;
        this.participants = participants;
        this.clock = clock;
        this.mainThread = mainThread;
        this.metrics = metrics;
    }

    /** The tasks were (re)deployed: periodic checkpoints start one interval from now. */
    public void start() {
        running = true;
        interval.ifPresent(i -> nextTriggerNanos = clock.nanoTime() + i.toNanos());
    }

    /** Failover or cancel: no more triggers until {@link #start}; the one in flight fails. */
    public void stop(String reason) {
        running = false;
        abortPending(reason);
    }

    /** Time passed: fail an overdue checkpoint, trigger the next one when it is due. */
    public void tick() {
        if (!running) {
            return;
        }
        long now = clock.nanoTime();
        if (pending != null
                && !pending.isCompleting()
                && now - pending.triggerNanos() >= timeout.toNanos()) {
            failPending("expired after " + timeout.toMillis() + " ms (spate.checkpoints.timeout)");
        }
        if (pending == null && allInputEnded()) {
            trigger(); // the final checkpoint
        } else if (pending == null && interval.isPresent() && now - nextTriggerNanos >= 0) {
            nextTriggerNanos = now + interval.get().toNanos();
            if (allReady()) {
                trigger();
            }
        }
    }

    /**
     * A task's input ended: if the checkpoint in flight never reached it (its inputs ended before
     * their barriers), ask it directly; once every task is there, take the final checkpoint.
     */
    public void onTaskInputEnded(Participant task) {
        if (!running) {
            return;
        }
        if (pending != null
                && !pending.isCompleting()
                && !pending.isAcknowledgedBy(task.attemptId())) {
            triggerTask(task, pending.id(), pending.triggerTimeMs());
        }
        if (pending == null && allInputEnded()) {
            trigger();
        }
    }

    /** A task acknowledged; answers false when the ack is stale or unknown (and ignored). */
    public boolean onAcknowledge(AcknowledgeCheckpointRequest ack) {
        if (pending == null || pending.id() != ack.getCheckpointId() || pending.isCompleting()) {
            LOG.debugf(
                    "job %s: late or unknown ack of checkpoint %d by %s",
                    jobId, ack.getCheckpointId(), ack.getExecutionAttemptId());
            return false;
        }
        Participant task = participant(ack.getExecutionAttemptId());
        if (task == null) {
            return false;
        }
        TaskStateHandle state =
                new TaskStateHandle(
                        task.vertexId(),
                        task.subtaskIndex(),
                        ack.getStateHandle(),
                        ack.getStateSize(),
                        ack.getAlignmentNanos());
        if (!pending.acknowledge(task.attemptId(), state)) {
            return false;
        }
        if (pending.isFullyAcknowledged()) {
            completePending();
        }
        return true;
    }

    /** A task could not take the checkpoint: it fails (the next one proceeds). */
    public boolean onDecline(DeclineCheckpointRequest decline) {
        if (pending == null
                || pending.id() != decline.getCheckpointId()
                || pending.isCompleting()
                || !pending.expects(decline.getExecutionAttemptId())) {
            return false;
        }
        failPending(
                "declined by task attempt "
                        + decline.getExecutionAttemptId()
                        + ": "
                        + decline.getReason());
        return true;
    }

    /** The job restarts from {@code checkpoint} (counts toward {@code restored}). */
    public void restoredFrom(CompletedCheckpoint checkpoint) {
        restored++;
        latestRestoredId = checkpoint.id();
    }

    /** The newest completed checkpoint, or null. */
    public CompletedCheckpoint latestCompleted() {
        return completedCheckpoints.peekLast();
    }

    public boolean hasPending() {
        return pending != null;
    }

    public CheckpointStats stats() {
        CompletedCheckpoint latest = completedCheckpoints.peekLast();
        return new CheckpointStats(
                completed,
                failed,
                pending == null ? 0 : 1,
                restored,
                latest == null ? -1 : latest.id(),
                latest == null ? 0 : latest.durationMs(),
                latest == null ? 0 : latest.stateSize(),
                latest == null ? 0 : latest.maxAlignmentMs(),
                latestRestoredId);
    }

    // ------------------------------------------------------------------ internals

    private void trigger() {
        List<Participant> tasks = participants.participants();
        long id = nextId++;
        Set<String> attempts = new HashSet<>();
        tasks.forEach(t -> attempts.add(t.attemptId()));
        pending =
                new PendingCheckpoint(
                        id, clock.nanoTime(), clock.currentTimeMillis(), attempts, allInputEnded());
        LOG.debugf(
                "job %s: triggering %scheckpoint %d",
                jobId, pending.isFinal() ? "the final " : "", id);
        long triggerTimeMs = pending.triggerTimeMs(); // a refusal may end it within the loop
        for (Participant task : tasks) {
            if (task.phase() == Phase.INPUT_ENDED
                    || task.source() && task.phase() == Phase.RUNNING) {
                triggerTask(task, id, triggerTimeMs);
            }
        }
    }

    /** A trigger the task cannot take fails its checkpoint now instead of at its timeout. */
    private void triggerTask(Participant task, long id, long timestampMs) {
        participants
                .trigger(task, id, timestampMs)
                .whenCompleteAsync(
                        (ok, failure) -> {
                            if (failure != null) {
                                onDecline(
                                        DeclineCheckpointRequest.newBuilder()
                                                .setJobId(jobId)
                                                .setExecutionAttemptId(task.attemptId())
                                                .setCheckpointId(id)
                                                .setReason(
                                                        "trigger refused: "
                                                                + GrpcFutures.describe(failure))
                                                .build());
                            }
                        },
                        mainThread);
    }

    private void completePending() {
        PendingCheckpoint done = pending;
        long durationMs = (clock.nanoTime() - done.triggerNanos()) / 1_000_000;
        CompletedCheckpoint checkpoint = done.complete(jobId, durationMs);
        storage.store(checkpoint)
                .whenCompleteAsync(
                        (ok, failure) -> {
                            if (pending != done) {
                                return; // aborted (failover) while the metadata was written
                            }
                            if (failure != null) {
                                failPending("writing its metadata failed: " + failure);
                                return;
                            }
                            pending = null;
                            completed++;
                            metrics.completed(checkpoint);
                            completedCheckpoints.addLast(checkpoint);
                            while (completedCheckpoints.size() > retained) {
                                CompletedCheckpoint old = completedCheckpoints.removeFirst();
                                storage.discard(jobId, old.id());
                            }
                            LOG.infof(
                                    "job %s: checkpoint %d complete in %d ms, %d bytes",
                                    jobId,
                                    checkpoint.id(),
                                    checkpoint.durationMs(),
                                    checkpoint.stateSize());
                            participants.notifyComplete(checkpoint.id(), done.isFinal());
                            if (done.isFinal()) {
                                running = false; // the tasks finish now; nothing more to take
                                return;
                            }
                            tick();
                        },
                        mainThread);
    }

    /** The checkpoint in flight failed (decline, timeout, write error): the next one may follow. */
    private void failPending(String reason) {
        if (dropPending("failed", reason)) {
            tick(); // the final checkpoint may be due at once
        }
    }

    /** The job stops (failover, cancel): the checkpoint in flight can never complete. */
    private void abortPending(String reason) {
        dropPending("aborted", reason);
    }

    private boolean dropPending(String how, String reason) {
        if (pending == null) {
            return false;
        }
        failed++;
        metrics.failed();
        long id = pending.id();
        pending = null;
        LOG.infof("job %s: checkpoint %d %s: %s", jobId, id, how, reason);
        storage.discard(jobId, id);
        return true;
    }

    private Participant participant(String attemptId) {
        for (Participant t : participants.participants()) {
            if (t.attemptId().equals(attemptId)) {
                return t;
            }
        }
        return null;
    }

    private boolean allReady() {
        for (Participant t : participants.participants()) {
            if (t.phase() == Phase.NOT_RUNNING) {
                return false;
            }
        }
        return true;
    }

    private boolean allInputEnded() {
        for (Participant t : participants.participants()) {
            if (t.phase() != Phase.INPUT_ENDED) {
                return false;
            }
        }
        return true;
    }
}
