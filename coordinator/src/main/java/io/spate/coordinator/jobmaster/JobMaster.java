package io.spate.coordinator.jobmaster;

import io.spate.clock.Clock;
import io.spate.coordinator.checkpoint.CheckpointCoordinator;
import io.spate.coordinator.checkpoint.CheckpointMetrics;
import io.spate.coordinator.checkpoint.CheckpointStats;
import io.spate.coordinator.checkpoint.CheckpointStorage;
import io.spate.coordinator.checkpoint.CompletedCheckpoint;
import io.spate.coordinator.checkpoint.ExecutionGraphParticipants;
import io.spate.coordinator.executiongraph.ExecutionGraph;
import io.spate.coordinator.executiongraph.ExecutionState;
import io.spate.coordinator.executiongraph.ExecutionVertex;
import io.spate.coordinator.resourcemanager.ExecutorLost;
import io.spate.coordinator.scheduler.SlotAllocator;
import io.spate.coordinator.scheduler.SlotProvider;
import io.spate.coordinator.scheduler.TaskDeployer;
import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import io.spate.rpc.proto.ExecutorFencing;
import io.spate.rpc.proto.TaskStateUpdate;
import io.spate.rpc.proto.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * One job's state machine and failover (Flink: JobMaster). Its {@link SlotAllocator} gets the
 * slots, its {@link TaskDeployer} deploys and cancels the tasks, its {@link CheckpointCoordinator}
 * takes checkpoints; the job master follows task states to the job's end.
 *
 * <pre>
 *               slots assigned, tasks deployed       all tasks INPUT_ENDED, final checkpoint
 *   CREATED ───────────────────────────────▶ RUNNING ─────────────────────────────▶ FINISHED
 *     │  │                        ▲           │   │    complete, all tasks FINISHED
 *     │  │ no slots within        │ restart   │   │ a task FAILED or canceled unasked, a
 *     │  │ slot-timeout           │ delay,    │   │ deploy failed, an executor lost: every
 *     │  │                        │ slots     ▼   │ task cancelled, and ...
 *     │  │                       RESTARTING ◀─────┤ ... a restart attempt left
 *     │  │                        │ no attempt    │ ... none left
 *     │  └──────────────────▶ FAILED ◀────────────┘
 *     │ cancel (also RESTARTING             │ cancel (also RESTARTING
 *     ▼ while waiting for slots)            ▼ with tasks to stop)
 *   CANCELED ◀──────────────────────── CANCELLING   (all tasks ended, or cancel-timeout)
 * </pre>
 *
 * <p>A restart waits until every task of the failed attempt ended (or the cancel timeout), then the
 * restart delay, and deploys new attempts into new slots (bounded by the slot timeout; too few
 * counts as another failure), restoring the latest completed checkpoint. A job that ended keeps its
 * slots until its last tasks confirm (or the cancel timeout), so no new job is deployed into a slot
 * whose old task still runs. A task update, checkpoint ack or decline counts only for a current
 * attempt and from the executor registration of its slot (fencing); others are answered false.
 *
 * <p>Not thread-safe: every method runs on the owner's thread ({@code JobMasterVerticle}'s event
 * loop); gateway and slot futures come back through {@code mainThread}. Time comes from the
 * injected clock and advances through {@link #tick}, so tests need no sleeps.
 */
public final class JobMaster {

    private static final Logger LOG = Logger.getLogger(JobMaster.class);

    private final String jobId;
    private final ExecutionGraph executions;
    private final Clock clock;
    private final JobMasterListener listener;
    private final RestartPolicy restartPolicy;
    private final SlotAllocator slots;
    private final TaskDeployer deployer;
    private final CheckpointCoordinator checkpoints;
    private final JobViews views;
    private final ExceptionHistory exceptions;
    private final long startTime;

    private JobStatus status = JobStatus.CREATED;
    private long endTime = -1;

    /** When the job or one of its tasks last changed state (Flink: last-modification). */
    private long lastModification;

    /** The task counts {@link #lastModification} was last taken for. */
    private JobSummary.TaskCounts countedTasks = JobSummary.TaskCounts.NONE;

    /** The task counts the listener was last told (a REST read may have counted newer ones). */
    private JobSummary.TaskCounts publishedTasks = JobSummary.TaskCounts.NONE;

    private int failures;
    private long restartAtNanos;
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
        this.clock = clock;
        this.listener = listener;
        this.restartPolicy = restartPolicy;
        this.slots =
                new SlotAllocator(
                        jobId,
                        executions,
                        slotProvider,
                        settings.slotTimeout(),
                        clock,
                        mainThread,
                        this::deploy,
                        cause -> failJob(cause, null),
                        this::releaseAndArchiveIfEnded);
        this.deployer =
                new TaskDeployer(
                        jobId,
                        executions,
                        settings.checkpointsDir(),
                        settings.rpcTimeout(),
                        settings.cancelTimeout(),
                        clock,
                        mainThread,
                        this::deployFailed,
                        this::checkAllEnded);
        this.checkpoints =
                new CheckpointCoordinator(
                        jobId,
                        settings.checkpointPolicy(executions.jobGraph()),
                        checkpointStorage,
                        new ExecutionGraphParticipants(jobId, executions, settings.rpcTimeout()),
                        clock,
                        mainThread,
                        checkpointMetrics,
                        cause -> failJob(cause, null));
        this.views = new JobViews(executions);
        this.exceptions = new ExceptionHistory(jobId, clock);
        this.startTime = clock.currentTimeMillis();
        this.lastModification = startTime;
        this.countedTasks = taskCounts();
    }

    public String jobId() {
        return jobId;
    }

    public JobStatus status() {
        return status;
    }

    /** Starts waiting for slots (the job is CREATED until it has them all). */
    public void start() {
        JobSummary summary = summary();
        publishedTasks = summary.tasks();
        listener.statusChanged(summary);
        slots.allocate();
    }

    /** Time passed: each timer (slots, restart, checkpoints, cancels) checks whether it is due. */
    public void tick() {
        slots.tick();
        restartIfDue();
        if (status == JobStatus.RUNNING) {
            checkpoints.tick();
        }
        deployer.tick();
        publishTaskChanges();
    }

    /** Every task has its slot: the job runs, every task deployed from the latest checkpoint. */
    private void deploy() {
        CompletedCheckpoint restoreFrom = checkpoints.latestCompleted(); // null: fresh start
        if (restoreFrom != null) {
            checkpoints.restoredFrom(restoreFrom);
            LOG.infof("job %s: restoring checkpoint %d", jobId, restoreFrom.id());
        }
        transitionTo(JobStatus.RUNNING);
        checkpoints.start();
        listener.attemptsDeployed(jobId, executions.attemptIds());
        deployer.deployAll(restoreFrom);
    }

    private void deployFailed(ExecutionVertex task, String cause) {
        exceptions.taskFailed(task, cause, clock.currentTimeMillis());
        onTaskFailed(task, cause);
    }

    /** An executor reported a task's state; answers false when it was ignored (see fencing). */
    public boolean onTaskState(TaskStateUpdate update) {
        ExecutionVertex task = executions.currentAttempt(update.getExecutionAttemptId());
        ExecutionState before = task == null ? null : task.state();
        if (!jobId.equals(update.getJobId()) || !executions.updateState(update)) {
            LOG.debugf(
                    "job %s: ignored update of %s (old, unknown or ended, or another registration)",
                    jobId, update.getExecutionAttemptId());
            return false;
        }
        switch (update.getState()) {
            case INPUT_ENDED -> {
                if (task.state() == ExecutionState.INPUT_ENDED && status == JobStatus.RUNNING) {
                    checkpoints.onTaskInputEnded(ExecutionGraphParticipants.participant(task));
                }
            }
            case FINISHED -> checkAllEnded();
            case CANCELED -> {
                if (before != ExecutionState.CANCELING && status == JobStatus.RUNNING) {
                    String cause = "task " + task.taskName() + " was canceled by its executor";
                    exceptions.taskFailed(task, cause, update.getTimestampMs());
                    failJob(
                            String.format(
                                    "%s was canceled by executor %s without being asked",
                                    task.taskName(), task.slot().executorId()),
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
                exceptions.taskFailed(task, failure, update.getTimestampMs());
                onTaskFailed(task, failure);
            }
            default -> {} // DEPLOYING, RUNNING: the task's own state is all that changes
        }
        publishTaskChanges();
        return true;
    }

    /** Live metrics from a heartbeat; only the current attempts of tasks still running count. */
    public void onTaskStatuses(List<TaskStatus> statuses) {
        executions.updateMetrics(statuses);
    }

    /** An executor left the cluster: tasks there are gone, and the job fails if it had any. */
    public void onExecutorLost(ExecutorLost lost) {
        List<ExecutionVertex> gone = executions.failTasksOn(lost.executorId());
        if (gone.isEmpty()) {
            return;
        }
        String cause =
                String.format(
                        "executor %s (%s) was lost: %s",
                        lost.executorId(), gone.getFirst().location(), lost.reason());
        for (ExecutionVertex task : gone) {
            exceptions.taskFailed(task, cause, clock.currentTimeMillis());
        }
        onTaskFailed(gone.getFirst(), cause);
        publishTaskChanges();
    }

    private void onTaskFailed(ExecutionVertex task, String failure) {
        if (status == JobStatus.RUNNING) {
            failJob(failure, task);
        } else {
            checkAllEnded(); // already failing, restarting or cancelling: only history
        }
    }

    /**
     * A global failure: every task is cancelled, then the job restarts if its restart strategy has
     * an attempt left (RESTARTING), else it is FAILED with {@code cause} as root exception. A job
     * still waiting for its first slots fails for good.
     */
    private void failJob(String cause, ExecutionVertex failedTask) {
        failures++;
        exceptions.jobFailedBy(cause, failedTask == null);
        checkpoints.stop("the job failed");
        slots.probeExecutors();
        Optional<Duration> delay =
                status == JobStatus.CREATED
                        ? Optional.empty()
                        : restartPolicy.restartDelay(failures);
        if (delay.isPresent()) {
            LOG.infof(
                    "job %s: restart %d in %d ms after: %s",
                    jobId, failures, delay.get().toMillis(), ExceptionHistory.firstLine(cause));
            restartAtNanos = clock.nanoTime() + delay.get().toNanos();
            if (status != JobStatus.RESTARTING) {
                transitionTo(JobStatus.RESTARTING);
            }
            deployer.cancelAll();
            restartIfDue();
            return;
        }
        transitionTo(JobStatus.FAILED);
        deployer.cancelAll();
        checkAllEnded();
    }

    /**
     * Restarts once every task of the failed attempt ended and the delay passed: fresh attempts,
     * new slots, the latest completed checkpoint to restore.
     */
    private void restartIfDue() {
        if (status != JobStatus.RESTARTING
                || slots.isWaiting()
                || !executions.alive().isEmpty()
                || clock.nanoTime() - restartAtNanos < 0) {
            return;
        }
        slots.release();
        executions.newAttempts();
        slots.allocate();
    }

    /** Cancels the job: CANCELLING until every task confirmed (or the cancel timeout), CANCELED. */
    public CancelOutcome cancel() {
        if (status.isTerminal()) {
            return CancelOutcome.ALREADY_TERMINAL;
        }
        if (status == JobStatus.CANCELLING) {
            return CancelOutcome.ACCEPTED;
        }
        checkpoints.stop("the job is cancelled");
        if (status == JobStatus.CREATED || status == JobStatus.RESTARTING && slots.isWaiting()) {
            slots.stopWaiting();
            transitionTo(JobStatus.CANCELED);
            deployer.cancelAll(); // none deployed yet: they just end
            releaseAndArchiveIfEnded();
            return CancelOutcome.ACCEPTED;
        }
        transitionTo(JobStatus.CANCELLING);
        deployer.cancelAll();
        checkAllEnded();
        return CancelOutcome.ACCEPTED;
    }

    /** A task acknowledged a checkpoint; false when it was ignored (see fencing). */
    public boolean onCheckpointAcknowledged(AcknowledgeCheckpointRequest ack) {
        return takesCheckpointMessage(ack.getJobId(), ack.getExecutionAttemptId(), ack.getFencing())
                && checkpoints.onAcknowledge(ack);
    }

    /** A task declined a checkpoint; false when it was ignored (see fencing). */
    public boolean onCheckpointDeclined(DeclineCheckpointRequest decline) {
        return takesCheckpointMessage(
                        decline.getJobId(), decline.getExecutionAttemptId(), decline.getFencing())
                && checkpoints.onDecline(decline);
    }

    public CheckpointStats checkpointStats() {
        return checkpoints.stats();
    }

    private boolean takesCheckpointMessage(String job, String attemptId, ExecutorFencing fencing) {
        return jobId.equals(job)
                && status == JobStatus.RUNNING
                && executions.isFromItsExecutor(attemptId, fencing);
    }

    private void checkAllEnded() {
        if (status == JobStatus.RUNNING) {
            if (executions.all().stream().allMatch(t -> t.state() == ExecutionState.FINISHED)) {
                transitionTo(JobStatus.FINISHED);
                releaseAndArchiveIfEnded();
            }
            return;
        }
        if (status == JobStatus.RESTARTING) {
            restartIfDue();
            return;
        }
        if (!executions.alive().isEmpty()) {
            return;
        }
        if (status == JobStatus.CANCELLING) {
            transitionTo(JobStatus.CANCELED);
        }
        releaseAndArchiveIfEnded();
    }

    /** Once the job ended, no task is alive and no allocation is on its way: free and archive. */
    private void releaseAndArchiveIfEnded() {
        if (released
                || !status.isTerminal()
                || slots.isAllocationInFlight()
                || !executions.alive().isEmpty()) {
            return;
        }
        released = true;
        checkpoints.jobEnded(status == JobStatus.FAILED);
        slots.release();
        JobSummary ended = summary();
        long tookMs = ended.duration(clock.currentTimeMillis());
        LOG.infof("job %s (%s) %s after %d ms", jobId, ended.name(), status, tookMs);
        listener.terminated(new ArchivedJob(details(), exceptions(), checkpoints.stats()));
    }

    private void transitionTo(JobStatus next) {
        LOG.debugf("job %s: %s -> %s", jobId, status, next);
        status = next;
        if (next.isTerminal()) {
            endTime = clock.currentTimeMillis();
        }
        lastModification = Math.max(lastModification, clock.currentTimeMillis());
        JobSummary summary = summary();
        publishedTasks = summary.tasks();
        listener.statusChanged(summary);
    }

    /** Tells the listener when a task changed state since the last summary. */
    private void publishTaskChanges() {
        JobSummary summary = summary();
        if (!summary.tasks().equals(publishedTasks)) {
            publishedTasks = summary.tasks();
            listener.tasksChanged(summary);
        }
    }

    private JobSummary.TaskCounts taskCounts() {
        return JobSummary.TaskCounts.of(
                executions.all().stream().map(ExecutionVertex::state).toList());
    }

    /**
     * The job now; a change of its task counts since the last summary moves its last modification
     * to now (so to within a tick of the change).
     */
    public JobSummary summary() {
        JobSummary.TaskCounts tasks = taskCounts();
        if (!tasks.equals(countedTasks)) {
            countedTasks = tasks;
            lastModification = Math.max(lastModification, clock.currentTimeMillis());
        }
        return new JobSummary(
                jobId,
                executions.jobGraph().name(),
                status,
                startTime,
                endTime,
                lastModification,
                tasks);
    }

    /** The job with each vertex's aggregated status and metrics. */
    public JobDetails details() {
        return views.details(summary());
    }

    public JobExceptions exceptions() {
        return exceptions.snapshot();
    }
}
