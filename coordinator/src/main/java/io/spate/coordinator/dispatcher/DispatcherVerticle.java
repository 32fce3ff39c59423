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
import io.spate.coordinator.scheduler.SlotProvider;
import io.spate.jobgraph.JobGraph;
import io.spate.rpc.endpoint.Endpoint;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The job registry ({@link JobRegistry}) is touched on this endpoint's event loop only; every
 * public method may be called from any thread (an {@link Endpoint} ask), and {@link #jobMaster}
 * reads a concurrent directory without a hop.
 *
 * <p>Accepts submissions, deploys one {@link JobMasterVerticle} per job and publishes it in the
 * directory that routes executors' task updates and checkpoint acks straight to it (job id ->
 * endpoint), routes the resource manager's events (heartbeat task statuses by attempt id, lost
 * executors to all), keeps ended jobs' archives, and answers the REST queries. Answers complete on
 * this loop or a job master's.
 */
public final class DispatcherVerticle extends Endpoint {

    private static final Logger LOG = Logger.getLogger(DispatcherVerticle.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SlotProvider slots;
    private final JobMasterSettings settings;
    private final Clock clock;
    private final int historySize;
    private final CheckpointMetrics checkpointMetrics;
    private final JobEndpoints endpoints = new JobEndpoints();
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();

    private JobRegistry<JobMasterVerticle> registry;

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
    protected void onStart() {
        registry = new JobRegistry<>(historySize);
        consumers.add(
                vertx.eventBus()
                        .<ExecutorTaskStatuses>localConsumer(
                                ResourceManagerEvents.TASK_METRICS, m -> onTaskStatuses(m.body())));
        consumers.add(
                vertx.eventBus()
                        .<ExecutorLost>localConsumer(
                                ResourceManagerEvents.EXECUTOR_LOST,
                                m -> onExecutorLost(m.body())));
    }

    @Override
    protected void onStop(Promise<Void> done) {
        consumers.forEach(MessageConsumer::unregister);
        done.complete();
    }

    /**
     * The job master of a running job, for messages that belong to it (task updates, checkpoint
     * acks). Any thread, no hop: empty once the job ended or for an unknown id.
     */
    public Optional<JobMasterVerticle> jobMaster(String jobId) {
        return endpoints.find(jobId);
    }

    // ------------------------------------------------------------- routing (own loop)

    private void onTaskStatuses(ExecutorTaskStatuses statuses) {
        validateRunsInMainThread();
        registry.route(statuses.tasks()).forEach(JobMasterVerticle::taskStatusesReported);
    }

    private void onExecutorLost(ExecutorLost lost) {
        validateRunsInMainThread();
        // Every running job checks whether its tasks were there (losses are rare; a job whose
        // allocation is still on its way would not be in lost.jobsWithSlots() yet).
        registry.allRunning().forEach(jm -> jm.executorLost(lost));
    }

    /** The job master's news, brought onto this loop. */
    private JobMasterListener listenerFor() {
        return new JobMasterListener() {
            @Override
            public void statusChanged(JobSummary summary) {
                tell(() -> registry.update(summary));
            }

            @Override
            public void tasksChanged(JobSummary summary) {
                tell(() -> registry.update(summary));
            }

            @Override
            public void attemptsDeployed(String jobId, Set<String> attemptIds) {
                Set<String> copy = Set.copyOf(attemptIds);
                tell(() -> registry.attemptsDeployed(jobId, copy));
            }

            @Override
            public void terminated(ArchivedJob archive) {
                tell(() -> onTerminated(archive));
            }
        };
    }

    private void onTerminated(ArchivedJob archive) {
        endpoints.remove(archive.jobId());
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

    // ------------------------------------------------------------- gateway (any thread)

    /** Registers the job and starts its job master; answers the new job id at once. */
    public Future<String> submit(JobGraph graph) {
        return askAsync(
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
                    endpoints.add(jobMaster);
                    LOG.infof("job %s (%s) submitted", jobId, graph.name());
                    vertx.deployVerticle(jobMaster)
                            .onFailure(e -> LOG.errorf(e, "job master of %s did not start", jobId));
                    return Future.succeededFuture(jobId);
                });
    }

    public Future<List<JobSummary>> jobs() {
        return askAsync(() -> Future.succeededFuture(registry.summaries()));
    }

    public Future<JobCounts> jobCounts() {
        return askAsync(() -> Future.succeededFuture(registry.counts()));
    }

    public Future<JobSummary> summary(String jobId) {
        return askAsync(
                () -> {
                    JobSummary summary = registry.summary(jobId);
                    return summary == null
                            ? Future.failedFuture(new JobNotFoundException(jobId))
                            : Future.succeededFuture(summary);
                });
    }

    public Future<JobDetails> details(String jobId) {
        return askAsync(
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
        return askAsync(
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
        return askAsync(
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
        return askAsync(
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

    @Override
    public String toString() {
        return "DispatcherVerticle";
    }
}
