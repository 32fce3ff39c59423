package io.spate.coordinator.dispatcher;

import io.spate.clock.Clock;
import io.spate.coordinator.checkpoint.CheckpointMetrics;
import io.spate.coordinator.checkpoint.CheckpointStats;
import io.spate.coordinator.jobmaster.ArchivedJob;
import io.spate.coordinator.jobmaster.CancelOutcome;
import io.spate.coordinator.jobmaster.JobDetails;
import io.spate.coordinator.jobmaster.JobExceptions;
import io.spate.coordinator.jobmaster.JobMasterListener;
import io.spate.coordinator.jobmaster.JobMasterSettings;
import io.spate.coordinator.jobmaster.JobMasterVerticle;
import io.spate.coordinator.jobmaster.JobStatus;
import io.spate.coordinator.jobmaster.JobSummary;
import io.spate.coordinator.resourcemanager.ExecutorLost;
import io.spate.coordinator.resourcemanager.ExecutorTaskStatuses;
import io.spate.coordinator.resourcemanager.ResourceManagerEvents;
import io.spate.coordinator.rest.JobCounts;
import io.spate.coordinator.scheduler.SlotProvider;
import io.spate.jobgraph.JobGraph;
import io.spate.rpc.MainThread;
import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import io.spate.rpc.proto.TaskStateUpdate;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.impl.ContextInternal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Owns the job registry ({@link JobRegistry}); its state is touched on this verticle's event loop
 * only.
 *
 * <p>Accepts submissions, deploys one {@link JobMasterVerticle} per job, routes the resource
 * manager's events to them (task states by job id, heartbeat task statuses by attempt id, lost
 * executors to all), keeps ended jobs' archives, and answers the REST queries. Every public method
 * may be called from any thread; answers complete on this loop or a job master's.
 */
public final class DispatcherVerticle extends AbstractVerticle {

    private static final Logger LOG = Logger.getLogger(DispatcherVerticle.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SlotProvider slots;
    private final JobMasterSettings settings;
    private final Clock clock;
    private final int historySize;

    private volatile Context loop;
    private JobRegistry<JobMasterVerticle> registry;
    private final CheckpointMetrics checkpointMetrics;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();

    public DispatcherVerticle(
            SlotProvider slots,
            JobMasterSettings settings,
            Clock clock,
            int historySize,
            CheckpointMetrics checkpointMetrics) {
        this.checkpointMetrics = checkpointMetrics;
        this.slots = slots;
        this.settings = settings;
        this.clock = clock;
        this.historySize = historySize;
    }

    /**
     * 32 random hex digits: a job id or an execution attempt id (Flink's JobID,
     * ExecutionAttemptID).
     */
    public static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void start() {
        assertOnLoop();
        registry = new JobRegistry<>(historySize);
        consumers.add(
                vertx.eventBus()
                        .<TaskStateUpdate>localConsumer(
                                ResourceManagerEvents.TASK_STATE, m -> onTaskState(m.body())));
        consumers.add(
                vertx.eventBus()
                        .<ExecutorTaskStatuses>localConsumer(
                                ResourceManagerEvents.TASK_METRICS, m -> onTaskStatuses(m.body())));
        consumers.add(
                vertx.eventBus()
                        .<ExecutorLost>localConsumer(
                                ResourceManagerEvents.EXECUTOR_LOST,
                                m -> onExecutorLost(m.body())));
        consumers.add(
                vertx.eventBus()
                        .<AcknowledgeCheckpointRequest>localConsumer(
                                ResourceManagerEvents.CHECKPOINT_ACK,
                                m -> onCheckpointAck(m.body())));
        consumers.add(
                vertx.eventBus()
                        .<DeclineCheckpointRequest>localConsumer(
                                ResourceManagerEvents.CHECKPOINT_DECLINE,
                                m -> onCheckpointDecline(m.body())));
        loop = context;
    }

    @Override
    public void stop() {
        assertOnLoop();
        loop = null;
        consumers.forEach(MessageConsumer::unregister);
    }

    /**
     * Event bus handlers run on a duplicate of this verticle's context (Quarkus' Vert.x): same
     * event loop, same thread, so they count as on the loop.
     */
    private void assertOnLoop() {
        Context current = Vertx.currentContext();
        MainThread.validate(
                current == context
                        || (current instanceof ContextInternal c && c.unwrap() == context),
                this);
    }

    // ------------------------------------------------------------- routing (own loop)

    private void onTaskState(TaskStateUpdate update) {
        assertOnLoop();
        JobMasterVerticle jobMaster = registry.running(update.getJobId());
        if (jobMaster != null) {
            jobMaster.taskStateUpdated(update);
        } else {
            LOG.debugf("task update for unknown or ended job %s ignored", update.getJobId());
        }
    }

    private void onCheckpointAck(AcknowledgeCheckpointRequest ack) {
        assertOnLoop();
        JobMasterVerticle jobMaster = registry.running(ack.getJobId());
        if (jobMaster != null) {
            jobMaster.checkpointAcknowledged(ack);
        }
    }

    private void onCheckpointDecline(DeclineCheckpointRequest decline) {
        assertOnLoop();
        JobMasterVerticle jobMaster = registry.running(decline.getJobId());
        if (jobMaster != null) {
            jobMaster.checkpointDeclined(decline);
        }
    }

    private void onTaskStatuses(ExecutorTaskStatuses statuses) {
        assertOnLoop();
        registry.route(statuses.tasks()).forEach(JobMasterVerticle::taskStatusesReported);
    }

    private void onExecutorLost(ExecutorLost lost) {
        assertOnLoop();
        // Every running job checks whether its tasks were there (losses are rare; a job whose
        // allocation is still on its way would not be in lost.jobsWithSlots() yet).
        registry.allRunning().forEach(jm -> jm.executorLost(lost));
    }

    /** The job master's news, brought onto this loop. */
    private JobMasterListener listenerFor() {
        return new JobMasterListener() {
            @Override
            public void statusChanged(JobSummary summary) {
                run(() -> registry.update(summary));
            }

            @Override
            public void attemptsDeployed(String jobId, Set<String> attemptIds) {
                Set<String> copy = Set.copyOf(attemptIds);
                run(() -> registry.attemptsDeployed(jobId, copy));
            }

            @Override
            public void terminated(ArchivedJob archive) {
                run(() -> onTerminated(archive));
            }
        };
    }

    private void onTerminated(ArchivedJob archive) {
        JobMasterVerticle jobMaster = registry.archive(archive);
        if (jobMaster != null && jobMaster.deploymentID() != null) {
            vertx.undeploy(jobMaster.deploymentID())
                    .onFailure(
                            e ->
                                    LOG.warnf(
                                            "undeploying the job master of %s failed: %s",
                                            archive.jobId(), e.getMessage()));
        }
    }

    private void run(Runnable onLoop) {
        Context own = loop;
        if (own != null) {
            own.runOnContext(
                    v -> {
                        assertOnLoop();
                        onLoop.run();
                    });
        }
    }

    // ------------------------------------------------------------- gateway (any thread)

    /** Registers the job and starts its job master; answers the new job id at once. */
    public Future<String> submit(JobGraph graph) {
        return ask(
                () -> {
                    String jobId = newId();
                    JobMasterVerticle jobMaster =
                            new JobMasterVerticle(
                                    jobId,
                                    graph,
                                    settings,
                                    slots,
                                    clock,
                                    listenerFor(),
                                    DispatcherVerticle::newId,
                                    checkpointMetrics);
                    registry.add(
                            new JobSummary(
                                    jobId,
                                    graph.name(),
                                    JobStatus.CREATED,
                                    clock.currentTimeMillis(),
                                    -1),
                            jobMaster);
                    LOG.infof("job %s (%s) submitted", jobId, graph.name());
                    vertx.deployVerticle(jobMaster)
                            .onFailure(
                                    e ->
                                            run(
                                                    () ->
                                                            LOG.errorf(
                                                                    e,
                                                                    "job master of %s did not start",
                                                                    jobId)));
                    return Future.succeededFuture(jobId);
                });
    }

    public Future<List<JobSummary>> jobs() {
        return ask(() -> Future.succeededFuture(registry.summaries()));
    }

    public Future<JobCounts> jobCounts() {
        return ask(() -> Future.succeededFuture(registry.counts()));
    }

    public Future<JobSummary> summary(String jobId) {
        return ask(
                () -> {
                    JobSummary summary = registry.summary(jobId);
                    return summary == null
                            ? Future.failedFuture(new JobNotFoundException(jobId))
                            : Future.succeededFuture(summary);
                });
    }

    public Future<JobDetails> details(String jobId) {
        return ask(
                () -> {
                    JobMasterVerticle jobMaster = registry.running(jobId);
                    if (jobMaster != null) {
                        return jobMaster.details();
                    }
                    ArchivedJob archive = registry.archived(jobId);
                    return archive == null
                            ? Future.failedFuture(new JobNotFoundException(jobId))
                            : Future.succeededFuture(archive.details());
                });
    }

    public Future<JobExceptions> exceptions(String jobId) {
        return ask(
                () -> {
                    JobMasterVerticle jobMaster = registry.running(jobId);
                    if (jobMaster != null) {
                        return jobMaster.exceptions();
                    }
                    ArchivedJob archive = registry.archived(jobId);
                    return archive == null
                            ? Future.failedFuture(new JobNotFoundException(jobId))
                            : Future.succeededFuture(archive.exceptions());
                });
    }

    public Future<CheckpointStats> checkpoints(String jobId) {
        return ask(
                () -> {
                    JobMasterVerticle jobMaster = registry.running(jobId);
                    if (jobMaster != null) {
                        return jobMaster.checkpoints();
                    }
                    ArchivedJob archive = registry.archived(jobId);
                    return archive == null
                            ? Future.failedFuture(new JobNotFoundException(jobId))
                            : Future.succeededFuture(archive.checkpoints());
                });
    }

    /** Fails with {@link JobNotFoundException} or {@link JobAlreadyEndedException}. */
    public Future<Void> cancel(String jobId) {
        return ask(
                () -> {
                    JobMasterVerticle jobMaster = registry.running(jobId);
                    if (jobMaster == null) {
                        ArchivedJob archive = registry.archived(jobId);
                        return archive == null
                                ? Future.failedFuture(new JobNotFoundException(jobId))
                                : Future.failedFuture(
                                        new JobAlreadyEndedException(
                                                jobId, archive.details().summary().status()));
                    }
                    LOG.infof("job %s: cancel requested", jobId);
                    return jobMaster
                            .cancel()
                            .compose(
                                    outcome ->
                                            outcome == CancelOutcome.ACCEPTED
                                                    ? Future.<Void>succeededFuture()
                                                    : summary(jobId)
                                                            .compose(
                                                                    s ->
                                                                            Future.failedFuture(
                                                                                    new JobAlreadyEndedException(
                                                                                            jobId,
                                                                                            s
                                                                                                    .status()))));
                });
    }

    private <T> Future<T> ask(Supplier<Future<T>> call) {
        Context own = loop;
        if (own == null) {
            return Future.failedFuture(new IllegalStateException("the dispatcher is not running"));
        }
        Promise<T> answer = Promise.promise();
        own.runOnContext(
                v -> {
                    assertOnLoop();
                    try {
                        call.get().onComplete(answer);
                    } catch (RuntimeException e) {
                        answer.fail(e);
                    }
                });
        return answer.future();
    }

    @Override
    public String toString() {
        return "DispatcherVerticle";
    }
}
