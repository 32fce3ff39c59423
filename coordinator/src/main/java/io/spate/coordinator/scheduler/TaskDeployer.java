package io.spate.coordinator.scheduler;

import io.grpc.Status;
import io.spate.clock.Clock;
import io.spate.coordinator.checkpoint.CompletedCheckpoint;
import io.spate.coordinator.executiongraph.ExecutionGraph;
import io.spate.coordinator.executiongraph.ExecutionState;
import io.spate.coordinator.executiongraph.ExecutionVertex;
import io.spate.coordinator.resourcemanager.AllocatedSlot;
import io.spate.rpc.GrpcFutures;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.CancelTaskRequest;
import io.spate.rpc.proto.SubmitTaskRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Deploys a job's tasks to the executors of their slots (Flink: the execution deployer), and takes
 * them back: submits every subtask at once; cancels every task alive, bounded by the cancel
 * timeout. Answers come back through {@code mainThread}; what the job master must act on goes to
 * its callbacks. Not thread-safe: every method runs on the job master's thread.
 */
public final class TaskDeployer {

    private static final Logger LOG = Logger.getLogger(TaskDeployer.class);

    private final String jobId;
    private final ExecutionGraph executions;
    private final TaskDeployments deployments;
    private final Duration rpcTimeout;
    private final Duration cancelTimeout;
    private final Clock clock;
    private final Executor mainThread;
    private final BiConsumer<ExecutionVertex, String> onDeployFailed;
    private final Runnable onCancelsGivenUp;

    private long cancelDeadlineNanos;
    // Whether a cancel round may still have unconfirmed tasks: the job master ticks every 100 ms,
    // and a running job must not walk its tasks on each tick for nothing.
    private boolean cancelsPending;

    /**
     * The callbacks run on the job master's thread.
     *
     * @param onDeployFailed a current attempt, now FAILED, could not be deployed; gets it and where
     *     and why
     * @param onCancelsGivenUp tasks being cancelled now count as CANCELED without their executor's
     *     confirmation: it cannot be reached, or the cancel timeout passed
     */
    public TaskDeployer(
            String jobId,
            ExecutionGraph executions,
            String checkpointsDir,
            Duration rpcTimeout,
            Duration cancelTimeout,
            Clock clock,
            Executor mainThread,
            BiConsumer<ExecutionVertex, String> onDeployFailed,
            Runnable onCancelsGivenUp) {
        this.jobId = jobId;
        this.executions = executions;
        this.deployments = new TaskDeployments(jobId, executions, checkpointsDir);
        this.rpcTimeout = rpcTimeout;
        this.cancelTimeout = cancelTimeout;
        this.clock = clock;
        this.mainThread = mainThread;
        this.onDeployFailed = onDeployFailed;
        this.onCancelsGivenUp = onCancelsGivenUp;
    }

    /**
     * Streaming jobs deploy eagerly: every task at once (DEPLOYING), each restoring {@code
     * restoreFrom} (null: a fresh start). Every subtask must have its slot.
     */
    public void deployAll(CompletedCheckpoint restoreFrom) {
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
                    .submitTask(request, rpcTimeout)
                    .whenCompleteAsync(
                            (ack, failure) -> onSubmitAnswer(attempt, ack, failure), mainThread);
        }
        LOG.infof(
                "job %s (%s): deployed %d tasks to %d slots",
                jobId,
                executions.jobGraph().name(),
                executions.size(),
                SlotSharing.slotsNeeded(executions.jobGraph()));
    }

    /**
     * Cancels every task still alive: one never deployed just ends (CANCELED); a deployed one is
     * CANCELING until its executor confirms with a CANCELED update, cannot be reached, or the
     * cancel timeout, counted from now, passes.
     */
    public void cancelAll() {
        cancelDeadlineNanos = clock.nanoTime() + cancelTimeout.toNanos();
        cancelsPending = true;
        for (ExecutionVertex task : executions.alive()) {
            if (task.slot() == null || task.state() == ExecutionState.CREATED) {
                task.transitionTo(ExecutionState.CANCELED); // never deployed: nothing to stop
            } else if (task.state() != ExecutionState.CANCELING) {
                task.transitionTo(ExecutionState.CANCELING);
                cancel(task);
            }
        }
    }

    /** Time passed: tasks still CANCELING after the cancel timeout count as gone. */
    public void tick() {
        if (!cancelsPending || clock.nanoTime() - cancelDeadlineNanos < 0) {
            return;
        }
        cancelsPending = false;
        List<ExecutionVertex> unconfirmed =
                executions.alive().stream()
                        .filter(t -> t.state() == ExecutionState.CANCELING)
                        .toList();
        if (unconfirmed.isEmpty()) {
            return;
        }
        for (ExecutionVertex task : unconfirmed) {
            LOG.warnf(
                    "job %s: %s did not confirm its cancellation within %d ms; counting it as gone",
                    jobId, task, cancelTimeout.toMillis());
            task.transitionTo(ExecutionState.CANCELED);
        }
        onCancelsGivenUp.run();
    }

    /**
     * A failed cancel call is left to the cancel timeout, since the executor may still stop the
     * task (it does when it loses us); one that cannot be reached at all will not confirm.
     */
    private void cancel(ExecutionVertex task) {
        CancelTaskRequest request =
                CancelTaskRequest.newBuilder()
                        .setFencing(task.slot().fencing())
                        .setExecutionAttemptId(task.attemptId())
                        .build();
        String attempt = task.attemptId();
        task.slot()
                .gateway()
                .cancelTask(request, rpcTimeout)
                .whenCompleteAsync((ack, failure) -> onCancelAnswer(attempt, failure), mainThread);
    }

    private void onSubmitAnswer(String attemptId, Ack ack, Throwable failure) {
        ExecutionVertex task = executions.currentAttempt(attemptId);
        if (task == null || task.state().isTerminal()) {
            return;
        }
        String problem =
                failure != null
                        ? GrpcFutures.describe(failure)
                        : ack.getAccepted() ? null : "refused: " + ack.getDetail();
        if (problem != null) {
            task.transitionTo(ExecutionState.FAILED);
            onDeployFailed.accept(
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

    private void onCancelAnswer(String attemptId, Throwable failure) {
        if (failure == null) {
            return;
        }
        LOG.debugf(
                "job %s: cancel of %s failed: %s", jobId, attemptId, GrpcFutures.describe(failure));
        ExecutionVertex task = executions.currentAttempt(attemptId);
        if (task != null
                && task.state() == ExecutionState.CANCELING
                && Status.fromThrowable(failure).getCode() == Status.Code.UNAVAILABLE) {
            task.transitionTo(ExecutionState.CANCELED); // the fast path of failover
            onCancelsGivenUp.run();
        }
    }
}
