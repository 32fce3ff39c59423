package io.spate.coordinator.jobmaster;

import io.grpc.Status;
import io.spate.clock.Clock;
import io.spate.coordinator.checkpoint.CheckpointCoordinator;
import io.spate.coordinator.checkpoint.CheckpointMetrics;
import io.spate.coordinator.checkpoint.CheckpointParticipants;
import io.spate.coordinator.checkpoint.CheckpointStats;
import io.spate.coordinator.checkpoint.CheckpointStorage;
import io.spate.coordinator.checkpoint.CompletedCheckpoint;
import io.spate.coordinator.metrics.VertexMetricsCache;
import io.spate.coordinator.resourcemanager.AllocatedSlot;
import io.spate.coordinator.resourcemanager.ExecutorLost;
import io.spate.coordinator.resourcemanager.NotEnoughSlotsException;
import io.spate.coordinator.scheduler.SlotSharing;
import io.spate.coordinator.scheduler.TaskDeployments;
import io.spate.jobgraph.JobVertex;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.CancelTaskRequest;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import io.spate.rpc.proto.NotifyCheckpointCompleteRequest;
import io.spate.rpc.proto.SubmitTaskRequest;
import io.spate.rpc.proto.TaskMetrics;
import io.spate.rpc.proto.TaskStateUpdate;
import io.spate.rpc.proto.TaskStatus;
import io.spate.rpc.proto.TriggerCheckpointRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Runs one job (Flink: JobMaster + its scheduler): waits for slots, deploys every task at once,
 * follows task states to the job's end, takes checkpoints (its {@link CheckpointCoordinator}),
 * restarts from the latest one after a failure, cancels on request, and collects metrics and
 * failures.
 *
 * <pre>
 *               slots allocated, tasks submitted     all tasks INPUT_ENDED, final checkpoint
 *   CREATED ───────────────────────────────▶ RUNNING ─────────────────────────────▶ FINISHED
 *     │  │                        ▲           │   │    complete, all tasks FINISHED
 *     │  │ no slots within        │ restart   │   │ a task FAILED / deploy failed / executor
 *     │  │ slot-timeout           │ delay,    │   │ lost: every task cancelled, and ...
 *     │  │                        │ slots     ▼   │
 *     │  │                       RESTARTING ◀─────┤ ... a restart attempt left
 *     │  │                        │ no attempt    │ ... none left
 *     │  └──────────────────▶ FAILED ◀────────────┘
 *     │ cancel                              │ cancel (also from RESTARTING)
 *     ▼                                     ▼
 *   CANCELED ◀──────────────────────── CANCELLING   (all tasks ended, or cancel-timeout)
 * </pre>
 *
 * <p>A restart waits until every task of the failed attempt ended (or the cancel timeout), then the
 * restart delay, releases the slots and asks for new ones (bounded by the slot timeout; too few
 * counts as another failure), and deploys new attempts restoring the latest completed checkpoint
 * (none: from the start). Updates and acks of older attempts are ignored.
 *
 * <p>A job that ended with tasks still alive (FAILED with others being cancelled) keeps its slots
 * until those tasks confirm or the cancel timeout passes; only then are slots released and the job
 * archived, so no new job is deployed into a slot whose old task still runs.
 *
 * <p>Not thread-safe: every method runs on the owner's thread ({@code JobMasterVerticle}'s event
 * loop); gateway and slot futures come back through {@code mainThread}. Time comes from the
 * injected clock and advances through {@link #tick}, so tests need no sleeps.
 */
public final class JobMaster {

    private static final Logger LOG = Logger.getLogger(JobMaster.class);

    private final String jobId;
    private final VertexMetricsCache vertexMetrics = new VertexMetricsCache();
    private final ExecutionGraph executions;
    private final JobMasterSettings settings;
    private final SlotProvider slotProvider;
    private final Executor mainThread;
    private final Clock clock;
    private final JobMasterListener listener;
    private final RestartPolicy restartPolicy;
    private final TaskDeployments deployments;
    private final CheckpointCoordinator checkpoints;
    private final ExceptionHistory exceptions = new ExceptionHistory();
    private final long startTime;

    private JobStatus status = JobStatus.CREATED;
    private long endTime = -1;
    private int failures;
    private boolean waitingForSlots;
    private boolean allocationInFlight;
    private long slotDeadlineNanos;
    private long restartAtNanos;
    private CompletedCheckpoint restoreFrom;
    private String lastSlotProblem = "no answer from the resource manager yet";
    private long cancelDeadlineNanos;
    private boolean released;

    public JobMaster(
            String jobId,
            ExecutionGraph executions,
            JobMasterSettings settings,
            SlotProvider slotProvider,
            Executor mainThread,
            Clock clock,
            JobMasterListener listener,
            RestartPolicy restartPolicy,
            CheckpointStorage checkpointStorage,
            CheckpointMetrics checkpointMetrics) {
        this.jobId = jobId;
        this.executions = executions;
        this.settings = settings;
        this.slotProvider = slotProvider;
        this.mainThread = mainThread;
        this.clock = clock;
        this.listener = listener;
        this.restartPolicy = restartPolicy;
        this.deployments = new TaskDeployments(jobId, executions, settings.checkpointsDir());
        this.checkpoints =
                new CheckpointCoordinator(
                        jobId,
                        executions.jobGraph().checkpointInterval(),
                        settings.checkpointTimeout(),
                        settings.retainedCheckpoints(),
                        checkpointStorage,
                        new Participants(),
                        clock,
                        mainThread,
                        checkpointMetrics);
        this.startTime = clock.currentTimeMillis();
    }

    public String jobId() {
        return jobId;
    }

    public JobStatus status() {
        return status;
    }

    public ExecutionGraph executions() {
        return executions;
    }

    // ------------------------------------------------------------------ scheduling

    /** Starts waiting for slots (the job is CREATED until it has them all). */
    public void start() {
        listener.statusChanged(summary());
        waitForSlots();
    }

    private void waitForSlots() {
        waitingForSlots = true;
        slotDeadlineNanos = clock.nanoTime() + settings.slotTimeout().toNanos();
        requestSlots();
    }

    /**
     * Time passed: while waiting for slots, ask again (executors may have registered) or fail once
     * the slot timeout is over; restart when the restart delay passed; while waiting for cancelled
     * tasks, give up on them after the cancel timeout; let the checkpoint coordinator trigger.
     */
    public void tick() {
        long now = clock.nanoTime();
        if (waitingForSlots && !allocationInFlight) {
            if (now - slotDeadlineNanos >= 0) {
                waitingForSlots = false;
                slotProvider.release(jobId);
                failJob(
                        "not enough slots: "
                                + lastSlotProblem
                                + " (waited "
                                + settings.slotTimeout().toMillis()
                                + " ms, spate.scheduler.slot-timeout)",
                        null);
            } else {
                requestSlots();
            }
        } else if (status == JobStatus.RESTARTING) {
            restartIfDue();
        }
        if (status == JobStatus.RUNNING) {
            checkpoints.tick();
        }
        if (!released && isDraining() && now - cancelDeadlineNanos >= 0) {
            for (ExecutionVertex task : aliveTasks()) {
                LOG.warnf(
                        "job %s: %s did not confirm its cancellation within %d ms; counting it as gone",
                        jobId, task, settings.cancelTimeout().toMillis());
                task.transitionTo(ExecutionState.CANCELED);
            }
            checkAllEnded();
        }
    }

    private void requestSlots() {
        int needed = SlotSharing.slotsNeeded(executions.jobGraph());
        allocationInFlight = true;
        slotProvider
                .allocate(jobId, needed)
                .whenCompleteAsync(
                        (slots, failure) -> onSlotsAnswer(needed, slots, failure), mainThread);
    }

    private void onSlotsAnswer(int needed, List<AllocatedSlot> slots, Throwable failure) {
        allocationInFlight = false;
        if (!waitingForSlots) { // cancelled or failed while the allocation was on its way
            slotProvider.release(jobId);
            if (failure == null) {
                LOG.debugf(
                        "job %s: released %d slots that arrived after it ended",
                        jobId, slots.size());
            }
            releaseAndArchiveIfEnded();
            return;
        }
        if (failure != null) {
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
            lastSlotProblem =
                    cause instanceof NotEnoughSlotsException e
                            ? "job needs " + e.wanted() + ", cluster has " + e.free() + " free"
                            : "job needs " + needed + "; " + cause.getMessage();
            LOG.debugf("job %s waits for slots: %s", jobId, lastSlotProblem);
            return; // the next tick asks again, or fails the job at the deadline
        }
        deploy(slots);
    }

    /** Streaming jobs deploy eagerly: every task at once, subtask i of every vertex to slot i. */
    private void deploy(List<AllocatedSlot> slots) {
        waitingForSlots = false;
        for (ExecutionVertex task : executions.all()) {
            task.assign(slots.get(SlotSharing.slotOf(task.subtaskIndex())));
        }
        if (restoreFrom != null) {
            checkpoints.restoredFrom(restoreFrom);
            LOG.infof("job %s: restoring checkpoint %d", jobId, restoreFrom.id());
        }
        transitionTo(JobStatus.RUNNING);
        checkpoints.start();
        Set<String> attempts = new HashSet<>();
        for (ExecutionVertex task : executions.all()) {
            attempts.add(task.attemptId());
        }
        listener.attemptsDeployed(jobId, attempts);
        for (ExecutionVertex task : executions.all()) {
            task.transitionTo(ExecutionState.DEPLOYING);
            AllocatedSlot slot = task.slot();
            String attempt = task.attemptId();
            SubmitTaskRequest request =
                    SubmitTaskRequest.newBuilder()
                            .setFencing(slot.fencing())
                            .setTask(deployments.descriptor(task, restoreFrom))
                            .build();
            slot.gateway()
                    .submitTask(request, settings.rpcTimeout())
                    .whenCompleteAsync(
                            (ack, failure) -> onSubmitAnswer(attempt, ack, failure), mainThread);
        }
        LOG.infof(
                "job %s (%s): deployed %d tasks to %d slots",
                jobId, executions.jobGraph().name(), executions.size(), slots.size());
    }

    private void onSubmitAnswer(String attemptId, Ack ack, Throwable failure) {
        ExecutionVertex task = executions.currentAttempt(attemptId);
        if (task == null || task.state().isTerminal()) {
            return;
        }
        String problem =
                failure != null
                        ? describe(failure)
                        : ack.getAccepted() ? null : "refused: " + ack.getDetail();
        if (problem != null) {
            taskFailed(
                    task,
                    "could not deploy "
                            + task.taskName()
                            + " to executor "
                            + task.slot().executorId()
                            + " at "
                            + task.location()
                            + ": "
                            + problem);
        }
    }

    // ------------------------------------------------------------------ task states

    /**
     * An executor reported a task's state; answers false when it was ignored (stale or unknown).
     */
    public boolean onTaskState(TaskStateUpdate update) {
        ExecutionVertex task = executions.currentAttempt(update.getExecutionAttemptId());
        ExecutionState reported = ExecutionState.of(update.getState());
        if (task == null || !jobId.equals(update.getJobId()) || reported == null) {
            LOG.debugf(
                    "job %s: ignored update of unknown or old attempt %s",
                    jobId, update.getExecutionAttemptId());
            return false;
        }
        if (task.state().isTerminal()) {
            return false; // terminal states are final; a late RUNNING must not revive a task
        }
        if (update.hasMetrics()) {
            task.updateMetrics(update.getMetrics());
        }
        switch (reported) {
            case DEPLOYING -> {}
            case RUNNING -> {
                if (task.state() == ExecutionState.CREATED
                        || task.state() == ExecutionState.DEPLOYING) {
                    task.transitionTo(ExecutionState.RUNNING);
                }
            }
            case INPUT_ENDED -> {
                if (task.state() != ExecutionState.CANCELING) {
                    task.transitionTo(ExecutionState.INPUT_ENDED);
                    if (status == JobStatus.RUNNING) {
                        checkpoints.onTaskInputEnded(participant(task));
                    }
                }
            }
            case FINISHED -> {
                task.transitionTo(ExecutionState.FINISHED);
                checkAllEnded();
            }
            case CANCELED -> {
                boolean expected = task.state() == ExecutionState.CANCELING;
                task.transitionTo(ExecutionState.CANCELED);
                if (!expected && status == JobStatus.RUNNING) {
                    recordFailure(
                            task,
                            "task " + task.taskName() + " was canceled by its executor",
                            update.getTimestampMs());
                    failJob(
                            task.taskName()
                                    + " was canceled by executor "
                                    + task.slot().executorId()
                                    + " without being asked",
                            task);
                } else {
                    checkAllEnded();
                }
            }
            case FAILED -> {
                String failure =
                        update.getFailure().isBlank()
                                ? "task failed without a message"
                                : update.getFailure();
                task.transitionTo(ExecutionState.FAILED);
                recordFailure(task, failure, update.getTimestampMs());
                onTaskFailed(task, failure);
            }
            default -> throw new IllegalStateException("unexpected state " + reported);
        }
        return true;
    }

    /** Live metrics from a heartbeat; only the current attempts of tasks still running count. */
    public void onTaskStatuses(List<TaskStatus> statuses) {
        for (TaskStatus status : statuses) {
            ExecutionVertex task = executions.currentAttempt(status.getExecutionAttemptId());
            if (task != null && !task.state().isTerminal() && status.hasMetrics()) {
                task.updateMetrics(status.getMetrics());
            }
        }
    }

    /** An executor left the cluster: tasks there are gone, and the job fails if it had any. */
    public void onExecutorLost(ExecutorLost lost) {
        List<ExecutionVertex> gone = new ArrayList<>();
        for (ExecutionVertex task : aliveTasks()) {
            if (task.slot() != null && task.slot().executorId().equals(lost.executorId())) {
                gone.add(task);
            }
        }
        if (gone.isEmpty()) {
            return;
        }
        String cause =
                "executor "
                        + lost.executorId()
                        + " ("
                        + gone.getFirst().location()
                        + ") was lost: "
                        + lost.reason();
        for (ExecutionVertex task : gone) {
            task.transitionTo(ExecutionState.FAILED);
            recordFailure(task, cause, clock.currentTimeMillis());
        }
        onTaskFailed(gone.getFirst(), cause);
    }

    private void taskFailed(ExecutionVertex task, String failure) {
        task.transitionTo(ExecutionState.FAILED);
        recordFailure(task, failure, clock.currentTimeMillis());
        onTaskFailed(task, failure);
    }

    private void onTaskFailed(ExecutionVertex task, String failure) {
        if (status == JobStatus.RUNNING) {
            failJob(failure, task);
        } else {
            checkAllEnded(); // already failing, restarting or cancelling: the failure is only
            // history
        }
    }

    private void recordFailure(ExecutionVertex task, String failure, long timestampMs) {
        long at = timestampMs > 0 ? timestampMs : clock.currentTimeMillis();
        exceptions.add(new ExceptionEntry(failure, task.taskName(), task.location(), at));
        LOG.warnf(
                "job %s: %s on %s failed: %s",
                jobId, task.taskName(), task.location(), firstLine(failure));
    }

    /**
     * A global failure: every task is cancelled, then the job restarts if its restart strategy has
     * an attempt left (RESTARTING), else it is FAILED with {@code cause} as root exception. A job
     * still waiting for its first slots fails for good.
     */
    private void failJob(String cause, ExecutionVertex failedTask) {
        failures++;
        if (failedTask == null) {
            exceptions.add(new ExceptionEntry(cause, "", "", clock.currentTimeMillis()));
        }
        exceptions.failedBy(cause);
        checkpoints.stop("the job failed");
        probeExecutors();
        Optional<Duration> delay =
                status == JobStatus.CREATED
                        ? Optional.empty()
                        : restartPolicy.restartDelay(failures);
        if (delay.isPresent()) {
            LOG.infof(
                    "job %s: restart %d in %d ms after: %s",
                    jobId, failures, delay.get().toMillis(), firstLine(cause));
            restartAtNanos = clock.nanoTime() + delay.get().toNanos();
            if (status != JobStatus.RESTARTING) {
                transitionTo(JobStatus.RESTARTING);
            }
            cancelAliveTasks();
            restartIfDue();
            return;
        }
        transitionTo(JobStatus.FAILED);
        cancelAliveTasks();
        checkAllEnded();
    }

    /** Asks the resource manager to check now every executor this job's tasks were deployed to. */
    private void probeExecutors() {
        Set<String> executors = new HashSet<>();
        for (ExecutionVertex task : executions.all()) {
            if (task.slot() != null) {
                executors.add(task.slot().executorId());
            }
        }
        if (!executors.isEmpty()) {
            slotProvider.probe(executors);
        }
    }

    /**
     * Restarts once every task of the failed attempt ended and the delay passed: fresh attempts,
     * new slots, the latest completed checkpoint to restore.
     */
    private void restartIfDue() {
        if (status != JobStatus.RESTARTING
                || waitingForSlots
                || !aliveTasks().isEmpty()
                || clock.nanoTime() - restartAtNanos < 0) {
            return;
        }
        slotProvider.release(jobId);
        executions.newAttempts();
        restoreFrom = checkpoints.latestCompleted();
        waitForSlots();
    }

    // ------------------------------------------------------------------ cancel

    /**
     * Cancels the job: CANCELLING until every task confirmed (or the cancel timeout), then
     * CANCELED.
     */
    public CancelOutcome cancel() {
        if (status.isTerminal()) {
            return CancelOutcome.ALREADY_TERMINAL;
        }
        if (status == JobStatus.CANCELLING) {
            return CancelOutcome.ACCEPTED;
        }
        checkpoints.stop("the job is cancelled");
        if (status == JobStatus.CREATED || status == JobStatus.RESTARTING && waitingForSlots) {
            waitingForSlots = false;
            transitionTo(JobStatus.CANCELED);
            cancelAliveTasks(); // none deployed yet: they just end
            releaseAndArchiveIfEnded();
            return CancelOutcome.ACCEPTED;
        }
        transitionTo(JobStatus.CANCELLING);
        cancelAliveTasks();
        checkAllEnded();
        return CancelOutcome.ACCEPTED;
    }

    private void cancelAliveTasks() {
        cancelDeadlineNanos = clock.nanoTime() + settings.cancelTimeout().toNanos();
        for (ExecutionVertex task : aliveTasks()) {
            if (task.slot() == null || task.state() == ExecutionState.CREATED) {
                task.transitionTo(ExecutionState.CANCELED); // never deployed: nothing to stop
                continue;
            }
            if (task.state() == ExecutionState.CANCELING) {
                continue;
            }
            task.transitionTo(ExecutionState.CANCELING);
            CancelTaskRequest request =
                    CancelTaskRequest.newBuilder()
                            .setFencing(task.slot().fencing())
                            .setExecutionAttemptId(task.attemptId())
                            .build();
            String attempt = task.attemptId();
            // The executor confirms with a CANCELED update; a failed call is left to the cancel
            // timeout, since the executor may still stop the task (it does when it loses us).
            task.slot()
                    .gateway()
                    .cancelTask(request, settings.rpcTimeout())
                    .whenCompleteAsync(
                            (ack, failure) -> onCancelAnswer(attempt, failure), mainThread);
        }
    }

    /**
     * An executor that cannot be reached will not confirm: its task counts as gone at once (the
     * fast path of failover; the executor cancels its tasks itself when it loses us). Other
     * failures are left to the cancel timeout, since the executor may still stop the task.
     */
    private void onCancelAnswer(String attemptId, Throwable failure) {
        if (failure == null) {
            return;
        }
        LOG.debugf("job %s: cancel of %s failed: %s", jobId, attemptId, describe(failure));
        ExecutionVertex task = executions.currentAttempt(attemptId);
        if (task != null
                && task.state() == ExecutionState.CANCELING
                && Status.fromThrowable(failure).getCode() == Status.Code.UNAVAILABLE) {
            task.transitionTo(ExecutionState.CANCELED);
            checkAllEnded();
        }
    }

    // ------------------------------------------------------------------ checkpoints

    /** A task acknowledged a checkpoint; false when it was ignored (stale, unknown). */
    public boolean onCheckpointAcknowledged(AcknowledgeCheckpointRequest ack) {
        return jobId.equals(ack.getJobId())
                && status == JobStatus.RUNNING
                && checkpoints.onAcknowledge(ack);
    }

    public boolean onCheckpointDeclined(DeclineCheckpointRequest decline) {
        return jobId.equals(decline.getJobId())
                && status == JobStatus.RUNNING
                && checkpoints.onDecline(decline);
    }

    public CheckpointStats checkpointStats() {
        return checkpoints.stats();
    }

    private CheckpointParticipants.Participant participant(ExecutionVertex task) {
        CheckpointParticipants.Phase phase =
                switch (task.state()) {
                    case RUNNING -> CheckpointParticipants.Phase.RUNNING;
                    case INPUT_ENDED -> CheckpointParticipants.Phase.INPUT_ENDED;
                    default -> CheckpointParticipants.Phase.NOT_RUNNING;
                };
        return new CheckpointParticipants.Participant(
                task.attemptId(),
                task.jobVertex().id(),
                task.subtaskIndex(),
                task.jobVertex().inputs().isEmpty(),
                phase);
    }

    /**
     * The job's current attempts, and the gateways that reach them, for the checkpoint coordinator.
     */
    private final class Participants implements CheckpointParticipants {

        @Override
        public List<Participant> participants() {
            List<Participant> all = new ArrayList<>(executions.size());
            for (ExecutionVertex task : executions.all()) {
                all.add(participant(task));
            }
            return all;
        }

        @Override
        public void trigger(Participant target, long id, long timestampMs) {
            ExecutionVertex task = executions.currentAttempt(target.attemptId());
            if (task == null || task.slot() == null) {
                return;
            }
            TriggerCheckpointRequest request =
                    TriggerCheckpointRequest.newBuilder()
                            .setFencing(task.slot().fencing())
                            .setExecutionAttemptId(task.attemptId())
                            .setCheckpointId(id)
                            .setTimestampMs(timestampMs)
                            .build();
            task.slot()
                    .gateway()
                    .triggerCheckpoint(request, settings.rpcTimeout())
                    .whenCompleteAsync(
                            (ack, failure) -> {
                                String problem =
                                        failure != null
                                                ? describe(failure)
                                                : ack.getAccepted() ? null : ack.getDetail();
                                if (problem != null) {
                                    // The task cannot take it (it ended, or its executor is gone):
                                    // fail this
                                    // checkpoint now instead of at its timeout.
                                    checkpoints.onDecline(
                                            DeclineCheckpointRequest.newBuilder()
                                                    .setJobId(jobId)
                                                    .setExecutionAttemptId(target.attemptId())
                                                    .setCheckpointId(id)
                                                    .setReason("trigger refused: " + problem)
                                                    .build());
                                }
                            },
                            mainThread);
        }

        @Override
        public void notifyComplete(long id, boolean finalCheckpoint) {
            Map<String, AllocatedSlot> executors = new LinkedHashMap<>();
            for (ExecutionVertex task : aliveTasks()) {
                if (task.slot() != null) {
                    executors.putIfAbsent(task.slot().executorId(), task.slot());
                }
            }
            for (AllocatedSlot slot : executors.values()) {
                NotifyCheckpointCompleteRequest request =
                        NotifyCheckpointCompleteRequest.newBuilder()
                                .setFencing(slot.fencing())
                                .setJobId(jobId)
                                .setCheckpointId(id)
                                .setFinalCheckpoint(finalCheckpoint)
                                .build();
                slot.gateway()
                        .notifyCheckpointComplete(request, settings.rpcTimeout())
                        .whenCompleteAsync(
                                (ack, failure) -> {
                                    if (failure != null) {
                                        LOG.debugf(
                                                "job %s: notifying checkpoint %d to %s failed: %s",
                                                jobId, id, slot.executorId(), describe(failure));
                                    }
                                },
                                mainThread);
            }
        }
    }

    // ------------------------------------------------------------------ ending

    private void checkAllEnded() {
        if (status == JobStatus.RUNNING) {
            boolean allFinished =
                    executions.all().stream().allMatch(t -> t.state() == ExecutionState.FINISHED);
            if (allFinished) {
                transitionTo(JobStatus.FINISHED);
                releaseAndArchiveIfEnded();
            }
            return;
        }
        if (status == JobStatus.RESTARTING) {
            restartIfDue();
            return;
        }
        if (!aliveTasks().isEmpty()) {
            return;
        }
        if (status == JobStatus.CANCELLING) {
            transitionTo(JobStatus.CANCELED);
        }
        releaseAndArchiveIfEnded();
    }

    /** Once the job ended, no task is alive and no allocation is on its way: free and archive. */
    private void releaseAndArchiveIfEnded() {
        if (released || !status.isTerminal() || allocationInFlight || !aliveTasks().isEmpty()) {
            return;
        }
        released = true;
        slotProvider.release(jobId);
        LOG.infof(
                "job %s (%s) %s after %d ms",
                jobId,
                executions.jobGraph().name(),
                status,
                summary().duration(clock.currentTimeMillis()));
        listener.terminated(new ArchivedJob(details(), exceptions(), checkpoints.stats()));
    }

    private boolean isDraining() {
        return (status == JobStatus.CANCELLING
                        || status == JobStatus.RESTARTING
                        || status.isTerminal())
                && !aliveTasks().isEmpty();
    }

    private List<ExecutionVertex> aliveTasks() {
        List<ExecutionVertex> alive = new ArrayList<>();
        for (ExecutionVertex task : executions.all()) {
            if (!task.state().isTerminal()) {
                alive.add(task);
            }
        }
        return alive;
    }

    private void transitionTo(JobStatus next) {
        LOG.debugf("job %s: %s -> %s", jobId, status, next);
        status = next;
        if (next.isTerminal()) {
            endTime = clock.currentTimeMillis();
        }
        listener.statusChanged(summary());
    }

    // ------------------------------------------------------------------ reads

    public JobSummary summary() {
        return new JobSummary(jobId, executions.jobGraph().name(), status, startTime, endTime);
    }

    /** The job with each vertex's aggregated status and metrics. */
    public JobDetails details() {
        List<VertexDetails> vertices = new ArrayList<>();
        for (JobVertex vertex : executions.jobGraph().vertices()) {
            List<ExecutionVertex> subtasks = executions.subtasks(vertex.id());
            List<TaskMetrics> metrics = subtasks.stream().map(ExecutionVertex::metrics).toList();
            vertices.add(
                    new VertexDetails(
                            vertex.id(),
                            vertex.name(),
                            vertex.parallelism(),
                            vertexStatus(subtasks),
                            vertexMetrics.aggregate(vertex.id(), metrics)));
        }
        return new JobDetails(summary(), vertices);
    }

    public JobExceptions exceptions() {
        return exceptions.snapshot();
    }

    /** Flink's aggregation: a failure shows first, then activity, then how it ended. */
    static ExecutionState vertexStatus(List<ExecutionVertex> subtasks) {
        int[] counts = new int[ExecutionState.values().length];
        subtasks.forEach(t -> counts[t.state().ordinal()]++);
        int n = subtasks.size();
        if (counts[ExecutionState.FAILED.ordinal()] > 0) {
            return ExecutionState.FAILED;
        }
        if (counts[ExecutionState.CANCELING.ordinal()] > 0) {
            return ExecutionState.CANCELING;
        }
        if (counts[ExecutionState.RUNNING.ordinal()] > 0
                || counts[ExecutionState.INPUT_ENDED.ordinal()] > 0) {
            return ExecutionState.RUNNING;
        }
        if (counts[ExecutionState.DEPLOYING.ordinal()] > 0) {
            return ExecutionState.DEPLOYING;
        }
        if (counts[ExecutionState.FINISHED.ordinal()] == n) {
            return ExecutionState.FINISHED;
        }
        if (counts[ExecutionState.CANCELED.ordinal()] > 0
                && counts[ExecutionState.CREATED.ordinal()] == 0) {
            return ExecutionState.CANCELED;
        }
        return ExecutionState.CREATED;
    }

    private static String describe(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
