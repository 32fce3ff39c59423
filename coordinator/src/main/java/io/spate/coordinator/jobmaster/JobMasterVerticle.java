package io.spate.coordinator.jobmaster;

import io.spate.clock.Clock;
import io.spate.coordinator.checkpoint.CheckpointMetrics;
import io.spate.coordinator.checkpoint.CheckpointStats;
import io.spate.coordinator.checkpoint.FileCheckpointStorage;
import io.spate.coordinator.executiongraph.ExecutionGraph;
import io.spate.coordinator.resourcemanager.ExecutorLost;
import io.spate.coordinator.scheduler.SlotProvider;
import io.spate.jobgraph.JobGraph;
import io.spate.rpc.endpoint.Endpoint;
import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import io.spate.rpc.proto.TaskStateUpdate;
import io.spate.rpc.proto.TaskStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The job's {@link JobMaster} is touched on this endpoint's event loop only; every public method
 * may be called from any thread (an {@link Endpoint} ask or tell).
 *
 * <p>One per job, each deployed on its own event loop context, so jobs do not queue behind each
 * other. Messages sent before its deployment completed wait for it. Task updates and checkpoint
 * acks come here straight from the gRPC service (the dispatcher's {@code JobEndpoints} finds the
 * job); the answer says whether the job master took the message or ignored it as stale. Time
 * advances through a periodic {@link JobMaster#tick}.
 */
public final class JobMasterVerticle extends Endpoint {

    /** How often timeouts are checked and a job waiting for slots asks again. */
    static final Duration TICK = Duration.ofMillis(100);

    private final String jobId;
    private final JobGraph graph;
    private final JobMasterSettings settings;
    private final SlotProvider slots;
    private final Clock clock;
    private final JobMasterListener listener;
    private final Supplier<String> attemptIds;
    private final CheckpointMetrics checkpointMetrics;

    private JobMaster jobMaster;
    private long timer;

    public JobMasterVerticle(
            String jobId,
            JobGraph graph,
            JobMasterSettings settings,
            SlotProvider slots,
            Clock clock,
            JobMasterListener listener,
            Supplier<String> attemptIds,
            CheckpointMetrics checkpointMetrics) {
        this.jobId = jobId;
        this.graph = graph;
        this.settings = settings;
        this.slots = slots;
        this.clock = clock;
        this.listener = listener;
        this.attemptIds = attemptIds;
        this.checkpointMetrics = checkpointMetrics;
    }

    @Override
    protected void onStart() {
        startJobMaster();
    }

    private void startJobMaster() {
        jobMaster =
                new JobMaster(
                        jobId,
                        new ExecutionGraph(graph, attemptIds),
                        settings,
                        slots,
                        mainThreadExecutor(),
                        clock,
                        listener,
                        RestartPolicy.fixedDelay(graph.restart()),
                        // Metadata IO goes to Vert.x' worker pool, never this event loop.
                        new FileCheckpointStorage(
                                Path.of(settings.checkpointsDir()),
                                command ->
                                        vertx.executeBlocking(
                                                () -> {
                                                    command.run();
                                                    return null;
                                                },
                                                false)),
                        checkpointMetrics);
        timer = vertx.setPeriodic(TICK.toMillis(), id -> onTick());
        jobMaster.start();
    }

    @Override
    protected void onStop(Promise<Void> done) {
        vertx.cancelTimer(timer);
        done.complete();
    }

    private void onTick() {
        validateRunsInMainThread();
        jobMaster.tick();
    }

    // ------------------------------------------------------------- gateway (any thread)

    public String jobId() {
        return jobId;
    }

    /** True when the job master took the update, false when it ignored it as stale. */
    public Future<Boolean> taskStateUpdated(TaskStateUpdate update) {
        return ask(() -> jobMaster.onTaskState(update));
    }

    public void taskStatusesReported(List<TaskStatus> statuses) {
        tell(() -> jobMaster.onTaskStatuses(statuses));
    }

    public void executorLost(ExecutorLost lost) {
        tell(() -> jobMaster.onExecutorLost(lost));
    }

    /** True when the checkpoint coordinator took the ack, false when it ignored it. */
    public Future<Boolean> checkpointAcknowledged(AcknowledgeCheckpointRequest ack) {
        return ask(() -> jobMaster.onCheckpointAcknowledged(ack));
    }

    public Future<Boolean> checkpointDeclined(DeclineCheckpointRequest decline) {
        return ask(() -> jobMaster.onCheckpointDeclined(decline));
    }

    public Future<CheckpointStats> checkpoints() {
        return ask(() -> jobMaster.checkpointStats());
    }

    public Future<CancelOutcome> cancel() {
        return ask(() -> jobMaster.cancel());
    }

    public Future<JobDetails> details() {
        return ask(() -> jobMaster.details());
    }

    public Future<JobExceptions> exceptions() {
        return ask(() -> jobMaster.exceptions());
    }

    @Override
    public String toString() {
        return "JobMasterVerticle(" + jobId + ")";
    }
}
