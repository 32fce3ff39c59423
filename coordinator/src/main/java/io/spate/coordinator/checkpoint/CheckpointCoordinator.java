package io.spate.coordinator.checkpoint;

import io.spate.clock.Clock;
import io.spate.coordinator.checkpoint.CheckpointParticipants.Participant;
import io.spate.coordinator.checkpoint.CheckpointParticipants.Phase;
import io.spate.logging.RateLimitedLog;
import io.spate.rpc.GrpcFutures;
import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
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
 * <p>A failed checkpoint (not an aborted one) backs off: the next one, final or periodic, waits
 * {@link CheckpointPolicy#backoff}; one more consecutive failure than {@code tolerableFailed} fails
 * the job over through {@code onTooManyFailures}. A completed checkpoint resets both, and so does
 * each (re)start. So a disk that stays full costs a bounded number of attempts and log lines (one
 * per kind of failure a minute, {@link RateLimitedLog}), never a hot retry loop.
 *
 * <p>At most one checkpoint is in flight. Ids grow across restarts, so a late ack of an old
 * checkpoint or attempt never counts for a new one.
 */
public final class CheckpointCoordinator {

    private static final Logger LOG = Logger.getLogger(CheckpointCoordinator.class);

    /** One line per kind of failure within this window. */
    static final Duration FAILURE_LOG_WINDOW = Duration.ofMinutes(1);

    private final String jobId;
    private final CheckpointPolicy policy;
    private final Optional<Duration> interval;
    private final Duration timeout;
    private final int retained;
    private final CheckpointStorage storage;
    private final CheckpointParticipants participants;
    private final Clock clock;
    private final Executor mainThread;
    private final CheckpointMetrics metrics;
    private final Consumer<String> onTooManyFailures;
    private final RateLimitedLog failureLog;
    private final ArrayDeque<CompletedCheckpoint> completedCheckpoints = new ArrayDeque<>();

    private long nextId = 1;
    private PendingCheckpoint pending;
    private boolean running;
    private long nextTriggerNanos;
    private long completed;
    private long failed;
    private long restored;
    private long latestRestoredId = -1;
    private int consecutiveFailures;
    private long retryNotBeforeNanos;

    public CheckpointCoordinator(
            String jobId,
            CheckpointPolicy policy,
            CheckpointStorage storage,
            CheckpointParticipants participants,
            Clock clock,
            Executor mainThread,
            CheckpointMetrics metrics,
            Consumer<String> onTooManyFailures) {
        this.jobId = jobId;
        this.policy = policy;
        this.interval = policy.interval();
        this.timeout = policy.timeout();
        this.retained = policy.retained();
        this.onTooManyFailures = onTooManyFailures;
        this.failureLog = new RateLimitedLog(FAILURE_LOG_WINDOW, clock, LOG::warn);
        this.storage = storage;
        this.participants = participants;
        this.clock = clock;
        this.mainThread = mainThread;
        this.metrics = metrics;
    }

    /** The tasks were (re)deployed: periodic checkpoints start one interval from now. */
    public void start() {
        running = true;
        consecutiveFailures = 0; // a fresh attempt gets the whole tolerance again
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
            failPending(
                    "expired",
                    "expired after " + timeout.toMillis() + " ms (spate.checkpoints.timeout)");
        }
        if (!running || pending != null || backingOff(now)) {
            return;
        }
        if (allInputEnded()) {
            trigger(); // the final checkpoint
        } else if (interval.isPresent() && now - nextTriggerNanos >= 0) {
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
        if (pending == null && allInputEnded() && !backingOff(clock.nanoTime())) {
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
                        ack.getAlignmentNanos(),
                        ack.getSyncNanos(),
                        ack.getAsyncNanos());
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
        if (decline.getTaskNotReady()) {
            // Not a failure (Flink: a "task not ready" decline): a task still deploying or already
            // finishing. No back-off, not counted; the final checkpoint may follow at once.
            long id = dropPending();
            LOG.debugf(
                    "job %s: checkpoint %d dropped, a task is not ready: %s",
                    jobId, id, decline.getReason());
            tick();
            return true;
        }
        failPending(
                "declined: " + ofKind(decline.getReason()),
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

    /**
     * The job ended: its checkpoints go as {@link CheckpointPolicy#cleanup} says. A FAILED job
     * keeps its latest completed checkpoint (under the default), the one to restart it from.
     */
    public void jobEnded(boolean failedForGood) {
        running = false;
        CheckpointCleanup cleanup = policy.cleanup();
        if (cleanup == CheckpointCleanup.NEVER) {
            return;
        }
        if (failedForGood && cleanup == CheckpointCleanup.UNLESS_FAILED) {
            while (completedCheckpoints.size() > 1) {
                storage.discard(jobId, completedCheckpoints.removeFirst().id());
            }
            return;
        }
        storage.discardJob(jobId);
        LOG.debugf("job %s: checkpoint directory removed (%s)", jobId, cleanup.key());
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
                latestRestoredId,
                latest == null ? java.util.List.of() : latest.tasks());
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
                                Throwable cause = unwrap(failure);
                                failPending(
                                        "metadata: "
                                                + cause.getClass().getName()
                                                + ofKind(String.valueOf(cause.getMessage())),
                                        "writing its metadata failed: " + cause);
                                return;
                            }
                            pending = null;
                            consecutiveFailures = 0;
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

    /**
     * The checkpoint in flight failed (decline, timeout, write error): the next one waits the
     * backoff, or the job fails over when this was one failure too many. {@code kind} groups
     * repeats of the same failure for the log (no ids in it).
     */
    private void failPending(String kind, String reason) {
        if (pending == null) {
            return;
        }
        long id = dropPending();
        consecutiveFailures++;
        if (consecutiveFailures > policy.tolerableFailed()) {
            running = false;
            LOG.warnf("job %s: checkpoint %d failed: %s", jobId, id, reason);
            onTooManyFailures.accept(
                    String.format(
                            "checkpoints failed %d times in a row"
                                    + " (checkpoints.tolerableFailedCheckpoints: %d); the last: %s",
                            consecutiveFailures, policy.tolerableFailed(), reason));
            return;
        }
        Duration backoff = policy.backoff(consecutiveFailures);
        retryNotBeforeNanos = clock.nanoTime() + backoff.toNanos();
        failureLog.log(
                kind,
                String.format(
                        "job %s: checkpoint %d failed (%d in a row, next attempt in %d ms): %s",
                        jobId, id, consecutiveFailures, backoff.toMillis(), reason));
    }

    /** The job stops (failover, cancel): the checkpoint in flight can never complete. */
    private void abortPending(String reason) {
        if (pending != null) {
            long id = dropPending();
            LOG.infof("job %s: checkpoint %d aborted: %s", jobId, id, reason);
        }
    }

    /** Counts the checkpoint in flight as failed and deletes what it wrote; answers its id. */
    private long dropPending() {
        failed++;
        metrics.failed();
        long id = pending.id();
        pending = null;
        storage.discard(jobId, id);
        return id;
    }

    private boolean backingOff(long now) {
        return consecutiveFailures > 0 && now - retryNotBeforeNanos < 0;
    }

    /** A failure text without its numbers (ids, sizes), so repeats share one log kind. */
    private static String ofKind(String text) {
        String kind = text.replaceAll("[0-9]+", "#");
        return kind.length() > 200 ? kind.substring(0, 200) : kind;
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
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
