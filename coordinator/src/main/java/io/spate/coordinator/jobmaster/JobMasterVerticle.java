package io.spate.coordinator.jobmaster;

import io.spate.clock.Clock;
import io.spate.coordinator.checkpoint.CheckpointMetrics;
import io.spate.coordinator.checkpoint.CheckpointStats;
import io.spate.coordinator.checkpoint.FileCheckpointStorage;
import io.spate.coordinator.executiongraph.ExecutionGraph;
import io.spate.coordinator.resourcemanager.ExecutorLost;
import io.spate.coordinator.scheduler.SlotProvider;
import io.spate.jobgraph.JobGraph;
import io.spate.rpc.MainThread;
import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import io.spate.rpc.proto.TaskStateUpdate;
import io.spate.rpc.proto.TaskStatus;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Owns one job's {@link JobMaster}, whose state is touched on this verticle's event loop only.
 *
 * <p>One per job, each deployed on its own event loop context, so jobs do not queue behind each
 * other. Every public method may be called from any thread: it hops onto the loop (waiting for the
 * deployment if it is still under way). Time advances through a periodic {@link JobMaster#tick}.
 */
public final class JobMasterVerticle extends AbstractVerticle {

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
    private final Promise<Context> started = Promise.promise();

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
    public void start() {
        assertOnLoop();
        try {
            startJobMaster();
        } catch (RuntimeException e) {
            started.fail(e); // queued and later asks fail instead of waiting forever
            throw e;
        }
    }

    private void startJobMaster() {
        jobMaster =
                new JobMaster(
                        jobId,
                        new ExecutionGraph(graph, attemptIds),
                        settings,
                        slots,
                        command -> context.runOnContext(v -> command.run()),
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
        started.complete(context);
    }

    @Override
    public void stop() {
        assertOnLoop();
        vertx.cancelTimer(timer);
    }

    private void onTick() {
        assertOnLoop();
        jobMaster.tick();
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

    // ------------------------------------------------------------- gateway (any thread)

    public String jobId() {
        return jobId;
    }

    public void taskStateUpdated(TaskStateUpdate update) {
        tell(jm -> jm.onTaskState(update));
    }

    public void taskStatusesReported(List<TaskStatus> statuses) {
        tell(jm -> jm.onTaskStatuses(statuses));
    }

    public void executorLost(ExecutorLost lost) {
        tell(jm -> jm.onExecutorLost(lost));
    }

    public void checkpointAcknowledged(AcknowledgeCheckpointRequest ack) {
        tell(jm -> jm.onCheckpointAcknowledged(ack));
    }

    public void checkpointDeclined(DeclineCheckpointRequest decline) {
        tell(jm -> jm.onCheckpointDeclined(decline));
    }

    public Future<CheckpointStats> checkpoints() {
        return ask(JobMaster::checkpointStats);
    }

    public Future<CancelOutcome> cancel() {
        return ask(JobMaster::cancel);
    }

    public Future<JobDetails> details() {
        return ask(JobMaster::details);
    }

    public Future<JobExceptions> exceptions() {
        return ask(JobMaster::exceptions);
    }

    private void tell(Consumer<JobMaster> message) {
        ask(
                jm -> {
                    message.accept(jm);
                    return null;
                });
    }

    private <T> Future<T> ask(Function<JobMaster, T> call) {
        return started.future()
                .compose(
                        own -> {
                            Promise<T> answer = Promise.promise();
                            own.runOnContext(
                                    v -> {
                                        assertOnLoop();
                                        try {
                                            answer.complete(call.apply(jobMaster));
                                        } catch (RuntimeException e) {
                                            answer.fail(e);
                                        }
                                    });
                            return answer.future();
                        });
    }

    @Override
    public String toString() {
        return "JobMasterVerticle(" + jobId + ")";
    }
}
