package io.spate.executor.taskexecutor;

import io.spate.clock.Clock;
import io.spate.executor.config.ExecutorSettings;
import io.spate.executor.network.NetworkEnvironment;
import io.spate.executor.registration.CoordinatorConnection;
import io.spate.executor.registration.ExecutorDescription;
import io.spate.executor.registration.Registration;
import io.spate.executor.rpc.gateway.CoordinatorGateway;
import io.spate.executor.task.CheckpointResponder;
import io.spate.executor.task.Task;
import io.spate.executor.task.TaskDeployment;
import io.spate.rpc.endpoint.Endpoint;
import io.spate.rpc.endpoint.EndpointNotRunningException;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.CancelTaskRequest;
import io.spate.rpc.proto.CoordinatorFencing;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import io.spate.rpc.proto.ExecutorFencing;
import io.spate.rpc.proto.HeartbeatRequest;
import io.spate.rpc.proto.HeartbeatResponse;
import io.spate.rpc.proto.NotifyCheckpointCompleteRequest;
import io.spate.rpc.proto.SubmitTaskRequest;
import io.spate.rpc.proto.TaskDeploymentDescriptor;
import io.spate.rpc.proto.TaskMetrics;
import io.spate.rpc.proto.TaskState;
import io.spate.rpc.proto.TaskStateUpdate;
import io.spate.rpc.proto.TaskStatus;
import io.spate.rpc.proto.TriggerCheckpointRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * All state of this verticle (registration, slot table, coordinator liveness, live tasks) is
 * touched on its own event loop only; the public methods may be called from any thread and hop onto
 * it. Before it started they wait for the start; once it stopped they fail with {@link
 * EndpointNotRunningException}.
 *
 * <p>The executor's control endpoint (Flink: TaskExecutor): it keeps itself registered with the
 * coordinator through a {@link CoordinatorConnection}, answers the coordinator's heartbeats with
 * its slot report and the status of every live task, and fences every coordinator call against the
 * session it registered with. SubmitTask allocates the slot to the job and starts a {@link Task} on
 * its own thread; the task's state changes come back here and go to the coordinator as
 * UpdateTaskState, in order, under the registration the task was deployed with; an update the
 * coordinator does not accept (its job master ignored it: an old attempt, an ended job) cancels the
 * task, as Flink's TaskExecutor fails a task whose update the JobMaster rejects. A slot is freed
 * when no task of its job remains in it (INPUT_ENDED is not terminal: such a task keeps its slot
 * and shows in heartbeats until its final checkpoint completes). Losing the coordinator cancels
 * every task.
 *
 * <p>Checkpoints: TriggerCheckpoint goes to the attempt's mailbox (accepted as soon as it is
 * queued), NotifyCheckpointComplete to every live task of the job; a task's acknowledgements and
 * declines go to the coordinator fenced, in order with its state updates; a refused one is only
 * logged.
 *
 * <p>Refusals are domain exceptions ({@link BadTaskException}, {@link DuplicateAttemptException},
 * {@link SlotTakenException}, and the connection's {@code FencingTokenException}); the gRPC service
 * maps them to a status.
 */
public final class TaskExecutorVerticle extends Endpoint {

    private static final Logger LOG = Logger.getLogger(TaskExecutorVerticle.class);

    /** How long stopping waits for task threads to end after cancelling them. */
    static final long STOP_TIMEOUT_SECONDS = 10;

    /** A task this executor runs, with what the verticle keeps about it. Event loop only. */
    private static final class LiveTask {
        final Task task;
        final int slot;
        final Registration deployedUnder;
        CompletableFuture<?> lastUpdate = CompletableFuture.completedFuture(null);

        LiveTask(Task task, int slot, Registration deployedUnder) {
            this.task = task;
            this.slot = slot;
            this.deployedUnder = deployedUnder;
        }
    }

    private final CoordinatorGateway gateway;
    private final Clock clock;
    private final ExecutorSettings settings;
    private final String executorId;
    private final String version;
    private final IntSupplier grpcPort;
    private final TaskExecutorStatus status;
    private final NetworkEnvironment network;
    private final int dataPort;
    private final io.spate.executor.task.TaskUserCode userCode;

    // Event loop only, from onStart() on.
    private SlotTable slots;
    private CoordinatorConnection connection;
    private final Map<String, LiveTask> tasks = new LinkedHashMap<>();

    /**
     * @param grpcPort the port the gRPC server is bound to; read at every registration attempt
     *     since {@code quarkus.http.port=0} is known only once the server listens (0 until then)
     * @param network this executor's data plane; when already started, its port is announced
     *     (otherwise {@code spate.executor.data-port})
     */
    public TaskExecutorVerticle(
            CoordinatorGateway gateway,
            Clock clock,
            ExecutorSettings settings,
            String executorId,
            String version,
            IntSupplier grpcPort,
            TaskExecutorStatus status,
            NetworkEnvironment network) {
        this(
                gateway,
                clock,
                settings,
                executorId,
                version,
                grpcPort,
                status,
                network,
                io.spate.executor.task.TaskUserCode.NONE);
    }

    /**
     * @param userCode the job class loaders and cancellation watchdog every task gets
     */
    public TaskExecutorVerticle(
            CoordinatorGateway gateway,
            Clock clock,
            ExecutorSettings settings,
            String executorId,
            String version,
            IntSupplier grpcPort,
            TaskExecutorStatus status,
            NetworkEnvironment network,
            io.spate.executor.task.TaskUserCode userCode) {
        this.userCode = userCode;
        this.gateway = gateway;
        this.clock = clock;
        this.settings = settings;
        this.executorId = executorId;
        this.version = version;
        this.grpcPort = grpcPort;
        this.status = status;
        this.network = network;
        this.dataPort = network.port() > 0 ? network.port() : settings.dataPort();
    }

    @Override
    protected void onStart() {
        slots = new SlotTable(settings.slots());
        connection =
                new CoordinatorConnection(
                        gateway,
                        mainThreadExecutor(),
                        clock,
                        this::describeSelf,
                        settings.heartbeatTimeout(),
                        settings.coordinatorAddress().toString(),
                        new ConnectionEvents());
        status.running(true);
        publish();
        connection.start();
    }

    /** Cancels every task and completes once their threads ended (or after a bounded wait). */
    @Override
    protected void onStop(Promise<Void> stopped) {
        // From here on, task state changes and checkpoint reports are dropped (not running).
        connection.close();
        status.running(false);
        status.registration(false, "", "stopped");
        List<CompletableFuture<TaskState>> ends = new ArrayList<>();
        for (LiveTask live : tasks.values()) {
            live.task.cancel();
            ends.add(live.task.termination());
        }
        CompletableFuture.allOf(ends.toArray(new CompletableFuture<?>[0]))
                .orTimeout(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .whenComplete(
                        (ignored, timeout) -> {
                            if (timeout != null) {
                                LOG.warnf(
                                        "tasks still running after %d s of cancelling",
                                        STOP_TIMEOUT_SECONDS);
                            }
                            stopped.complete();
                        });
    }

    // ---- entry points (any thread) -----------------------------------------------------------

    /** Fences the heartbeat, notes the coordinator alive, replies with the slot report. */
    public Future<HeartbeatResponse> heartbeat(HeartbeatRequest request) {
        return ask(() -> handleHeartbeat(request));
    }

    /**
     * Starts the described task in its slot; answers at once (state changes follow as
     * UpdateTaskState). Fails with {@link BadTaskException} for a bad descriptor, {@link
     * DuplicateAttemptException} for a known attempt, {@link SlotTakenException} if another job
     * holds the slot.
     */
    public Future<Ack> submitTask(SubmitTaskRequest request) {
        return fenced(request.getFencing(), () -> handleSubmitTask(request.getTask()));
    }

    /** Cancels the attempt; it reports CANCELED when its thread has cleaned up. */
    public Future<Ack> cancelTask(CancelTaskRequest request) {
        return fenced(
                request.getFencing(), () -> handleCancelTask(request.getExecutionAttemptId()));
    }

    /** Queues the trigger in the attempt's mailbox; the task acks or declines it later. */
    public Future<Ack> triggerCheckpoint(TriggerCheckpointRequest request) {
        return fenced(request.getFencing(), () -> handleTriggerCheckpoint(request));
    }

    /** Tells every live task of the job that the checkpoint completed. */
    public Future<Ack> notifyCheckpointComplete(NotifyCheckpointCompleteRequest request) {
        return fenced(request.getFencing(), () -> handleNotifyCheckpointComplete(request));
    }

    // ---- handlers (event loop) ---------------------------------------------------------------

    private HeartbeatResponse handleHeartbeat(HeartbeatRequest request) {
        connection.checkFencing(request.getFencing());
        connection.heardFromCoordinator();
        HeartbeatResponse.Builder response =
                HeartbeatResponse.newBuilder()
                        .setExecutorId(executorId)
                        .setSequence(request.getSequence())
                        .addAllSlots(slots.report());
        for (LiveTask live : tasks.values()) {
            response.addTasks(
                    TaskStatus.newBuilder()
                            .setExecutionAttemptId(live.task.attemptId())
                            .setState(live.task.state())
                            .setMetrics(live.task.metrics()));
        }
        return response.build();
    }

    private Ack handleSubmitTask(TaskDeploymentDescriptor descriptor) {
        if (descriptor.getCheckpointsDir().isEmpty()) {
            // A coordinator that names no directory: this executor's own spate.checkpoints.dir.
            descriptor =
                    descriptor.toBuilder()
                            .setCheckpointsDir(settings.checkpointsDir().toString())
                            .build();
        }
        TaskDeployment deployment;
        try {
            deployment = TaskDeployment.of(descriptor);
        } catch (IllegalArgumentException e) {
            throw new BadTaskException(descriptor.getExecutionAttemptId(), e);
        }
        String attempt = deployment.attemptId();
        if (tasks.containsKey(attempt)) {
            throw new DuplicateAttemptException(attempt);
        }
        int slot = descriptor.getSlotIndex();
        try {
            slots.allocate(slot, deployment.jobId());
        } catch (IllegalArgumentException e) {
            throw new BadTaskException(attempt, e);
        } catch (IllegalStateException e) {
            throw new SlotTakenException(attempt, e);
        }
        Task task =
                new Task(
                        deployment,
                        network,
                        executorId,
                        clock,
                        this::taskStateChanged,
                        new CheckpointReports(),
                        userCode);
        tasks.put(attempt, new LiveTask(task, slot, connection.registration()));
        publish();
        task.start(settings.schedulerSlice());
        return Ack.newBuilder().setAccepted(true).build();
    }

    private Ack handleCancelTask(String attempt) {
        LiveTask live = tasks.get(attempt);
        if (live == null) {
            return Ack.newBuilder()
                    .setAccepted(false)
                    .setDetail(
                            "no live task " + attempt + " here (never deployed or already ended)")
                    .build();
        }
        live.task.cancel();
        return Ack.newBuilder().setAccepted(true).build();
    }

    private Ack handleTriggerCheckpoint(TriggerCheckpointRequest request) {
        String attempt = request.getExecutionAttemptId();
        LiveTask live = tasks.get(attempt);
        if (live == null
                || !live.task.triggerCheckpoint(
                        request.getCheckpointId(), request.getTimestampMs())) {
            return Ack.newBuilder()
                    .setAccepted(false)
                    .setDetail(
                            "no live task " + attempt + " here (never deployed or already ended)")
                    .build();
        }
        return Ack.newBuilder().setAccepted(true).build();
    }

    private Ack handleNotifyCheckpointComplete(NotifyCheckpointCompleteRequest request) {
        int notified = 0;
        for (LiveTask live : tasks.values()) {
            if (live.task.deployment().jobId().equals(request.getJobId())
                    && live.task.notifyCheckpointComplete(
                            request.getCheckpointId(), request.getFinalCheckpoint())) {
                notified++;
            }
        }
        return Ack.newBuilder()
                .setAccepted(true)
                .setDetail("notified " + notified + " task(s)")
                .build();
    }

    /** From a task or checkpoint writer thread: hop onto the loop, then report in order. */
    private final class CheckpointReports implements CheckpointResponder {
        @Override
        public void acknowledge(Task task, AcknowledgeCheckpointRequest ack) {
            tell(
                    () ->
                            sendForTask(
                                    task,
                                    "checkpoint " + ack.getCheckpointId() + " ack",
                                    (gateway, fencing) ->
                                            gateway.acknowledgeCheckpoint(
                                                    ack.toBuilder().setFencing(fencing).build())));
        }

        @Override
        public void decline(Task task, DeclineCheckpointRequest decline) {
            tell(
                    () ->
                            sendForTask(
                                    task,
                                    "checkpoint " + decline.getCheckpointId() + " decline",
                                    (gateway, fencing) ->
                                            gateway.declineCheckpoint(
                                                    decline.toBuilder()
                                                            .setFencing(fencing)
                                                            .build())));
        }
    }

    private void sendForTask(
            Task task,
            String what,
            BiFunction<CoordinatorGateway, ExecutorFencing, CompletableFuture<Ack>> call) {
        LiveTask live = tasks.get(task.attemptId());
        if (live == null || live.task != task) {
            LOG.debugf("task %s %s not sent: the task is gone", task.attemptId(), what);
            return;
        }
        // The job master keeps its own checkpoint's account: a refusal changes nothing here.
        sendInOrder(
                live,
                what,
                call,
                detail ->
                        LOG.debugf(
                                "coordinator did not accept task %s %s: %s",
                                task.attemptId(), what, detail));
    }

    /** From a task thread: hop onto the loop. */
    private void taskStateChanged(Task task, TaskState state, String failure, TaskMetrics metrics) {
        tell(() -> onTaskStateChanged(task, state, failure, metrics));
    }

    private void onTaskStateChanged(
            Task task, TaskState state, String failure, TaskMetrics metrics) {
        LiveTask live = tasks.get(task.attemptId());
        if (live == null || live.task != task) {
            return;
        }
        reportState(live, state, failure, metrics);
        if (state == TaskState.FINISHED
                || state == TaskState.FAILED
                || state == TaskState.CANCELED) {
            tasks.remove(task.attemptId());
            freeSlotIfUnused(live.slot);
            publish();
        }
    }

    /** Sends the update after the task's previous one, if the task's registration still holds. */
    private void reportState(LiveTask live, TaskState state, String failure, TaskMetrics metrics) {
        TaskDeploymentDescriptor d = live.task.deployment().descriptor();
        TaskStateUpdate update =
                TaskStateUpdate.newBuilder()
                        .setJobId(d.getJobId())
                        .setExecutionAttemptId(d.getExecutionAttemptId())
                        .setVertexId(d.getVertexId())
                        .setSubtaskIndex(d.getSubtaskIndex())
                        .setState(state)
                        .setFailure(failure)
                        .setMetrics(metrics)
                        .setTimestampMs(clock.currentTimeMillis())
                        .build();
        sendInOrder(
                live,
                state.name(),
                (gateway, fencing) ->
                        gateway.updateTaskState(update.toBuilder().setFencing(fencing).build()),
                detail -> stateUpdateRefused(live, state, detail));
    }

    /**
     * The coordinator ignored a state update of this task (its job master knows a newer attempt, or
     * the job ended): nobody waits for the task any more, so it goes and frees its slot.
     */
    private void stateUpdateRefused(LiveTask live, TaskState state, String detail) {
        validateRunsInMainThread();
        String attempt = live.task.attemptId();
        if (tasks.get(attempt) != live) {
            LOG.debugf("coordinator did not accept task %s %s: %s", attempt, state, detail);
            return;
        }
        LOG.warnf(
                "coordinator did not accept task %s %s (%s); cancelling the task",
                attempt, state, detail);
        live.task.cancel();
    }

    /**
     * Sends a task's message after its previous one (state updates, checkpoint acks and declines
     * share one order), if the task's registration still holds; an answer that does not accept the
     * message goes to {@code refused} with its detail.
     */
    private void sendInOrder(
            LiveTask live,
            String what,
            BiFunction<CoordinatorGateway, ExecutorFencing, CompletableFuture<Ack>> call,
            Consumer<String> refused) {
        TaskDeploymentDescriptor d = live.task.deployment().descriptor();
        live.lastUpdate =
                live.lastUpdate
                        .handle((ignored, previousFailure) -> null)
                        .thenCompose(
                                ignored -> {
                                    validateRunsInMainThread();
                                    if (live.deployedUnder == null
                                            || live.deployedUnder != connection.registration()) {
                                        LOG.debugf(
                                                "task %s %s not reported: its coordinator registration is gone",
                                                d.getExecutionAttemptId(), what);
                                        return CompletableFuture.completedFuture(null);
                                    }
                                    return connection
                                            .callFenced(call)
                                            .whenComplete(
                                                    (ack, error) -> {
                                                        if (error != null) {
                                                            LOG.warnf(
                                                                    "could not report task %s %s: %s",
                                                                    d.getExecutionAttemptId(),
                                                                    what,
                                                                    error.getMessage());
                                                        } else if (!ack.getAccepted()) {
                                                            refused.accept(ack.getDetail());
                                                        }
                                                    });
                                });
    }

    private void freeSlotIfUnused(int slot) {
        for (LiveTask other : tasks.values()) {
            if (other.slot == slot) {
                return;
            }
        }
        if (!slots.isFree(slot)) {
            slots.free(slot);
        }
    }

    private void cancelAllTasks(String reason) {
        if (!tasks.isEmpty()) {
            LOG.warnf("cancelling %d task(s): %s", tasks.size(), reason);
        }
        for (LiveTask live : tasks.values()) {
            live.task.cancel();
        }
    }

    private <T> Future<T> fenced(CoordinatorFencing fencing, Callable<T> handler) {
        return ask(
                () -> {
                    connection.checkFencing(fencing);
                    return handler.call();
                });
    }

    private ExecutorDescription describeSelf() {
        validateRunsInMainThread();
        return new ExecutorDescription(
                executorId,
                settings.advertisedHost(),
                grpcPort.getAsInt(),
                settings.advertisedHost(),
                dataPort,
                slots.size(),
                version);
    }

    private void publish() {
        Registration registration = connection.registration();
        status.registration(
                registration != null,
                registration == null ? "" : registration.coordinatorSessionId(),
                connection.lastFailure());
        status.slots(slots.size(), slots.freeCount());
        status.registrationAttempts(connection.attempts());
    }

    /** The connection's events, on the event loop. */
    private final class ConnectionEvents implements CoordinatorConnection.Listener {
        @Override
        public void registrationAttempted(long attempts) {
            validateRunsInMainThread();
            publish();
        }

        @Override
        public void registered(Registration registration) {
            validateRunsInMainThread();
            publish();
        }

        @Override
        public void disconnected(Registration lost, String reason) {
            validateRunsInMainThread();
            cancelAllTasks("lost the coordinator (" + reason + ")");
            // Slots without a task go now; the others when their cancelled task has cleaned up.
            for (int slot = 0; slot < slots.size(); slot++) {
                boolean used = false;
                for (LiveTask live : tasks.values()) {
                    used |= live.slot == slot;
                }
                if (!used) {
                    slots.free(slot);
                }
            }
            publish();
        }
    }

    @Override
    public String toString() {
        return "TaskExecutorVerticle[" + executorId + "]";
    }
}
