package io.spate.coordinator.rest;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.spate.coordinator.rpc.service.CoordinatorClient;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.CancelTaskRequest;
import io.spate.rpc.proto.ExecutorFencing;
import io.spate.rpc.proto.ExecutorGatewayGrpc;
import io.spate.rpc.proto.HeartbeatRequest;
import io.spate.rpc.proto.HeartbeatResponse;
import io.spate.rpc.proto.NotifyCheckpointCompleteRequest;
import io.spate.rpc.proto.RegisterExecutorRequest;
import io.spate.rpc.proto.SubmitTaskRequest;
import io.spate.rpc.proto.TaskDeploymentDescriptor;
import io.spate.rpc.proto.TaskMetrics;
import io.spate.rpc.proto.TaskState;
import io.spate.rpc.proto.TaskStateUpdate;
import io.spate.rpc.proto.TriggerCheckpointRequest;
import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An executor endpoint over real gRPC that runs no operators: it registers with the coordinator
 * under test, answers heartbeats, and reports its tasks' states back through UpdateTaskState —
 * RUNNING at once, then INPUT_ENDED (with metrics) when {@code finishTasks}, and CANCELED when
 * cancelled. It acknowledges every checkpoint it is asked for with a fake 10-byte state handle, and
 * its tasks end FINISHED when the final checkpoint is announced, as real tasks do.
 */
final class FakeExecutor implements AutoCloseable {

    final String id = "fake-" + UUID.randomUUID();
    final List<TaskDeploymentDescriptor> submitted = new CopyOnWriteArrayList<>();
    final List<String> cancelled = new CopyOnWriteArrayList<>();
    final List<Long> checkpointsAcknowledged = new CopyOnWriteArrayList<>();

    private final boolean finishTasks;
    private final Server server;
    private final CoordinatorClient coordinator;
    private final ExecutorService callbacks =
            Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-executor-callbacks"));
    private final Map<String, TaskDeploymentDescriptor> tasks = new ConcurrentHashMap<>();
    private volatile String registrationId;

    FakeExecutor(URL coordinatorUrl, boolean finishTasks) throws IOException {
        this(coordinatorUrl, finishTasks, Optional.empty());
    }

    /** One that presents {@code token} on its calls, for a coordinator with spate.auth.token. */
    FakeExecutor(URL coordinatorUrl, boolean finishTasks, Optional<String> token)
            throws IOException {
        this.finishTasks = finishTasks;
        this.coordinator = new CoordinatorClient(coordinatorUrl, token);
        this.server = NettyServerBuilder.forPort(0).addService(new Endpoint()).build().start();
    }

    String registrationId() {
        return registrationId;
    }

    void register(int slots) {
        registrationId =
                coordinator
                        .stub()
                        .registerExecutor(
                                RegisterExecutorRequest.newBuilder()
                                        .setExecutorId(id)
                                        .setGrpcHost("127.0.0.1")
                                        .setGrpcPort(server.getPort())
                                        .setDataHost("127.0.0.1")
                                        .setDataPort(7001)
                                        .setSlots(slots)
                                        .build())
                        .getRegistrationId();
    }

    private void report(TaskDeploymentDescriptor task, TaskState state, TaskMetrics metrics) {
        report(task, task.getExecutionAttemptId(), registrationId, state, metrics);
    }

    /** Sends an update as given (an attempt or registration of the test's choosing). */
    Ack report(
            TaskDeploymentDescriptor task,
            String attemptId,
            String registrationId,
            TaskState state,
            TaskMetrics metrics) {
        return coordinator
                .stub()
                .updateTaskState(
                        TaskStateUpdate.newBuilder()
                                .setFencing(
                                        ExecutorFencing.newBuilder()
                                                .setExecutorId(id)
                                                .setRegistrationId(registrationId))
                                .setJobId(task.getJobId())
                                .setExecutionAttemptId(attemptId)
                                .setVertexId(task.getVertexId())
                                .setSubtaskIndex(task.getSubtaskIndex())
                                .setState(state)
                                .setMetrics(metrics)
                                .setTimestampMs(System.currentTimeMillis())
                                .build());
    }

    private static final TaskMetrics FINAL_METRICS =
            TaskMetrics.newBuilder().setRecordsIn(7).setRecordsOut(10).setBytesOut(100).build();

    private final java.util.Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    /** Once per task and checkpoint, as a real task (which ignores ids it already took). */
    private void acknowledge(TaskDeploymentDescriptor task, long checkpointId) {
        if (!acknowledged.add(task.getExecutionAttemptId() + "@" + checkpointId)) {
            return;
        }
        checkpointsAcknowledged.add(checkpointId);
        coordinator
                .stub()
                .acknowledgeCheckpoint(
                        AcknowledgeCheckpointRequest.newBuilder()
                                .setFencing(
                                        ExecutorFencing.newBuilder()
                                                .setExecutorId(id)
                                                .setRegistrationId(registrationId))
                                .setJobId(task.getJobId())
                                .setExecutionAttemptId(task.getExecutionAttemptId())
                                .setCheckpointId(checkpointId)
                                .setStateHandle(
                                        task.getJobId()
                                                + "/chk-"
                                                + checkpointId
                                                + "/"
                                                + task.getVertexId()
                                                + "-"
                                                + task.getSubtaskIndex()
                                                + ".state")
                                .setStateSize(10)
                                .build());
    }

    private final class Endpoint extends ExecutorGatewayGrpc.ExecutorGatewayImplBase {
        @Override
        public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> reply) {
            reply.onNext(
                    HeartbeatResponse.newBuilder()
                            .setExecutorId(id)
                            .setSequence(request.getSequence())
                            .build());
            reply.onCompleted();
        }

        @Override
        public void submitTask(SubmitTaskRequest request, StreamObserver<Ack> reply) {
            TaskDeploymentDescriptor task = request.getTask();
            submitted.add(task);
            tasks.put(task.getExecutionAttemptId(), task);
            reply.onNext(Ack.newBuilder().setAccepted(true).build());
            reply.onCompleted();
            callbacks.execute(
                    () -> {
                        report(task, TaskState.RUNNING, TaskMetrics.getDefaultInstance());
                        if (finishTasks) {
                            report(task, TaskState.INPUT_ENDED, FINAL_METRICS);
                        }
                    });
        }

        @Override
        public void triggerCheckpoint(TriggerCheckpointRequest request, StreamObserver<Ack> reply) {
            TaskDeploymentDescriptor task = tasks.get(request.getExecutionAttemptId());
            reply.onNext(Ack.newBuilder().setAccepted(task != null).build());
            reply.onCompleted();
            if (task != null) {
                // A source would now emit barriers; here every task acknowledges at once.
                for (TaskDeploymentDescriptor t : tasks.values()) {
                    if (t.getJobId().equals(task.getJobId())) {
                        callbacks.execute(() -> acknowledge(t, request.getCheckpointId()));
                    }
                }
            }
        }

        @Override
        public void notifyCheckpointComplete(
                NotifyCheckpointCompleteRequest request, StreamObserver<Ack> reply) {
            reply.onNext(Ack.newBuilder().setAccepted(true).build());
            reply.onCompleted();
            if (request.getFinalCheckpoint()) {
                for (TaskDeploymentDescriptor t : tasks.values()) {
                    if (t.getJobId().equals(request.getJobId())
                            && tasks.remove(t.getExecutionAttemptId()) != null) {
                        callbacks.execute(() -> report(t, TaskState.FINISHED, FINAL_METRICS));
                    }
                }
            }
        }

        @Override
        public void cancelTask(CancelTaskRequest request, StreamObserver<Ack> reply) {
            cancelled.add(request.getExecutionAttemptId());
            TaskDeploymentDescriptor task = tasks.get(request.getExecutionAttemptId());
            reply.onNext(Ack.newBuilder().setAccepted(task != null).build());
            reply.onCompleted();
            if (task != null) {
                callbacks.execute(
                        () -> report(task, TaskState.CANCELED, TaskMetrics.getDefaultInstance()));
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        callbacks.shutdownNow();
        callbacks.awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        coordinator.close();
    }
}
