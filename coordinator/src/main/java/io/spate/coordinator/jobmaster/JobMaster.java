package io.spate.coordinator.jobmaster;

import io.spate.clock.Clock;
import io.spate.coordinator.metrics.VertexMetrics;
import io.spate.coordinator.resourcemanager.AllocatedSlot;
import io.spate.coordinator.resourcemanager.ExecutorLost;
import io.spate.coordinator.resourcemanager.NotEnoughSlotsException;
import io.spate.coordinator.scheduler.SlotSharing;
import io.spate.coordinator.scheduler.TaskDeployments;
import io.spate.jobgraph.JobVertex;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.CancelTaskRequest;
import io.spate.rpc.proto.SubmitTaskRequest;
import io.spate.rpc.proto.TaskMetrics;
import io.spate.rpc.proto.TaskStateUpdate;
import io.spate.rpc.proto.TaskStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Runs one job (Flink: JobMaster + its scheduler): waits for slots, deploys every task at once,
 * follows task states to the job's end, cancels on request, and collects metrics and failures.
 *
 * <pre>
 *                 slots allocated, tasks submitted        all tasks FINISHED
 *   CREATED ───────────────────────────────────▶ RUNNING ──────────────────────▶ FINISHED
 *     │  │                                        │   │
 *     │  │ no slots within slot-timeout           │   │ a task FAILED / deploy failed /
 *     │  └──────────────────────────▶ FAILED ◀────┼───┘ executor lost  (others get cancelled)
 *     │ cancel                                    │ cancel
 *     ▼                                           ▼
 *   CANCELED ◀────────────────────────────── CANCELLING   (all tasks ended, or cancel-timeout)
 * </pre>
 *
 * <p>A job that ended with tasks still alive (FAILED with others being cancelled) keeps its slots
 * until those tasks confirm or the cancel timeout passes; only then are slots released and the
 * job archived, so no new job is deployed into a slot whose old task still runs.
 *
 * <p>Not thread-safe: every method runs on the owner's thread ({@code JobMasterVerticle}'s event
 * loop); gateway and slot futures come back through {@code mainThread}. Time comes from the
 * injected clock and advances through {@link #tick}, so tests need no sleeps.
 */
public final class JobMaster {

  private static final Logger LOG = Logger.getLogger(JobMaster.class);

  private final String jobId;
  private final ExecutionGraph executions;
  private final JobMasterSettings settings;
  private final SlotProvider slotProvider;
  private final Executor mainThread;
  private final Clock clock;
  private final JobMasterListener listener;
  private final RestartPolicy restartPolicy;
  private final TaskDeployments deployments;
  private final ExceptionHistory exceptions = new ExceptionHistory();
  private final long startTime;

  private JobStatus status = JobStatus.CREATED;
  private long endTime = -1;
  private int failures;
  private boolean allocationInFlight;
  private long slotDeadlineNanos;
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
      RestartPolicy restartPolicy) {
    this.jobId = jobId;
    this.executions = executions;
    this.settings = settings;
    this.slotProvider = slotProvider;
    this.mainThread = mainThread;
    this.clock = clock;
    this.listener = listener;
    this.restartPolicy = restartPolicy;
    this.deployments = new TaskDeployments(jobId, executions, settings.checkpointsDir());
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
    slotDeadlineNanos = clock.nanoTime() + settings.slotTimeout().toNanos();
    requestSlots();
  }

  /**
   * Time passed: while waiting for slots, ask again (executors may have registered) or fail once
   * the slot timeout is over; while waiting for cancelled tasks, give up on them after the cancel
   * timeout.
   */
  public void tick() {
    long now = clock.nanoTime();
    if (status == JobStatus.CREATED && !allocationInFlight) {
      if (now - slotDeadlineNanos >= 0) {
        failJob("not enough slots: " + lastSlotProblem + " (waited " + settings.slotTimeout().toMillis() + " ms, spate.scheduler.slot-timeout)", null);
      } else {
        requestSlots();
      }
    } else if (!released && isDraining() && now - cancelDeadlineNanos >= 0) {
      for (ExecutionVertex task : aliveTasks()) {
        LOG.warnf("job %s: %s did not confirm its cancellation within %d ms; counting it as gone", jobId, task, settings.cancelTimeout().toMillis());
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
        .whenCompleteAsync((slots, failure) -> onSlotsAnswer(needed, slots, failure), mainThread);
  }

  private void onSlotsAnswer(int needed, List<AllocatedSlot> slots, Throwable failure) {
    allocationInFlight = false;
    if (status != JobStatus.CREATED) { // cancelled while the allocation was on its way
      slotProvider.release(jobId);
      if (failure == null) {
        LOG.debugf("job %s: released %d slots that arrived after it ended", jobId, slots.size());
      }
      releaseAndArchiveIfEnded();
      return;
    }
    if (failure != null) {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
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
    for (ExecutionVertex task : executions.all()) {
      task.assign(slots.get(SlotSharing.slotOf(task.subtaskIndex())));
    }
    transitionTo(JobStatus.RUNNING);
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
          SubmitTaskRequest.newBuilder().setFencing(slot.fencing()).setTask(deployments.descriptor(task)).build();
      slot.gateway()
          .submitTask(request, settings.rpcTimeout())
          .whenCompleteAsync((ack, failure) -> onSubmitAnswer(attempt, ack, failure), mainThread);
    }
    LOG.infof("job %s (%s): deployed %d tasks to %d slots", jobId, executions.jobGraph().name(), executions.size(), slots.size());
  }

  private void onSubmitAnswer(String attemptId, Ack ack, Throwable failure) {
    ExecutionVertex task = executions.currentAttempt(attemptId);
    if (task == null || task.state().isTerminal()) {
      return;
    }
    String problem = failure != null ? describe(failure) : ack.getAccepted() ? null : "refused: " + ack.getDetail();
    if (problem != null) {
      taskFailed(task, "could not deploy " + task.taskName() + " to executor " + task.slot().executorId() + " at " + task.location() + ": " + problem);
    }
  }

  // ------------------------------------------------------------------ task states

  /** An executor reported a task's state; answers false when it was ignored (stale or unknown). */
  public boolean onTaskState(TaskStateUpdate update) {
    ExecutionVertex task = executions.currentAttempt(update.getExecutionAttemptId());
    ExecutionState reported = ExecutionState.of(update.getState());
    if (task == null || !jobId.equals(update.getJobId()) || reported == null) {
      LOG.debugf("job %s: ignored update of unknown or old attempt %s", jobId, update.getExecutionAttemptId());
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
        if (task.state() != ExecutionState.CANCELING) {
          task.transitionTo(ExecutionState.RUNNING);
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
          recordFailure(task, "task " + task.taskName() + " was canceled by its executor", update.getTimestampMs());
          failJob(task.taskName() + " was canceled by executor " + task.slot().executorId() + " without being asked", task);
        } else {
          checkAllEnded();
        }
      }
      case FAILED -> {
        String failure = update.getFailure().isBlank() ? "task failed without a message" : update.getFailure();
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
    String cause = "executor " + lost.executorId() + " (" + gone.getFirst().location() + ") was lost: " + lost.reason();
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
      checkAllEnded(); // already failing or cancelling: the failure is only history
    }
  }

  private void recordFailure(ExecutionVertex task, String failure, long timestampMs) {
    long at = timestampMs > 0 ? timestampMs : clock.currentTimeMillis();
    exceptions.add(new ExceptionEntry(failure, task.taskName(), task.location(), at));
    LOG.warnf("job %s: %s on %s failed: %s", jobId, task.taskName(), task.location(), firstLine(failure));
  }

  /**
   * Fails the job: the restart policy's seam (today it never restarts), then FAILED with {@code
   * cause} as root exception, and every other task cancelled.
   */
  private void failJob(String cause, ExecutionVertex failedTask) {
    failures++;
    if (failedTask == null) {
      exceptions.add(new ExceptionEntry(cause, "", "", clock.currentTimeMillis()));
    }
    if (restartPolicy.restartDelay(failures).isPresent()) {
      // Restarting needs the checkpoint coordinator (restore state); until then, no policy
      // offers a restart and this stays unreachable.
      throw new UnsupportedOperationException("restarts come with checkpoints");
    }
    exceptions.failedBy(cause);
    transitionTo(JobStatus.FAILED);
    cancelAliveTasks();
    checkAllEnded();
  }

  // ------------------------------------------------------------------ cancel

  /** Cancels the job: CANCELLING until every task confirmed (or the cancel timeout), then CANCELED. */
  public CancelOutcome cancel() {
    if (status.isTerminal()) {
      return CancelOutcome.ALREADY_TERMINAL;
    }
    if (status == JobStatus.CANCELLING) {
      return CancelOutcome.ACCEPTED;
    }
    if (status == JobStatus.CREATED) {
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
          CancelTaskRequest.newBuilder().setFencing(task.slot().fencing()).setExecutionAttemptId(task.attemptId()).build();
      String attempt = task.attemptId();
      // The executor confirms with a CANCELED update; a failed call is left to the cancel
      // timeout, since the executor may still stop the task (it does when it loses us).
      task.slot()
          .gateway()
          .cancelTask(request, settings.rpcTimeout())
          .whenCompleteAsync(
              (ack, failure) -> {
                if (failure != null) {
                  LOG.debugf("job %s: cancel of %s failed: %s", jobId, attempt, describe(failure));
                }
              },
              mainThread);
    }
  }

  // ------------------------------------------------------------------ ending

  private void checkAllEnded() {
    if (status == JobStatus.RUNNING) {
      boolean allFinished = executions.all().stream().allMatch(t -> t.state() == ExecutionState.FINISHED);
      if (allFinished) {
        transitionTo(JobStatus.FINISHED);
        releaseAndArchiveIfEnded();
      }
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
    LOG.infof("job %s (%s) %s after %d ms", jobId, executions.jobGraph().name(), status, summary().duration(clock.currentTimeMillis()));
    listener.terminated(new ArchivedJob(details(), exceptions()));
  }

  private boolean isDraining() {
    return (status == JobStatus.CANCELLING || status.isTerminal()) && !aliveTasks().isEmpty();
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
              vertex.id(), vertex.name(), vertex.parallelism(), vertexStatus(subtasks), VertexMetrics.aggregate(metrics)));
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
    if (counts[ExecutionState.RUNNING.ordinal()] > 0) {
      return ExecutionState.RUNNING;
    }
    if (counts[ExecutionState.DEPLOYING.ordinal()] > 0) {
      return ExecutionState.DEPLOYING;
    }
    if (counts[ExecutionState.FINISHED.ordinal()] == n) {
      return ExecutionState.FINISHED;
    }
    if (counts[ExecutionState.CANCELED.ordinal()] > 0 && counts[ExecutionState.CREATED.ordinal()] == 0) {
      return ExecutionState.CANCELED;
    }
    return ExecutionState.CREATED;
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
