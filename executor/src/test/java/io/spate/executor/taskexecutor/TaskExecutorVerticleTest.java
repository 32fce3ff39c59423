package io.spate.executor.taskexecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.spate.clock.Clock;
import io.spate.executor.config.ExecutorSettings;
import io.spate.executor.network.NetworkConfig;
import io.spate.executor.network.NetworkEnvironment;
import io.spate.executor.network.NetworkLimits;
import io.spate.executor.network.netty.NettyTransport;
import io.spate.executor.registration.FencingTokenException;
import io.spate.executor.rpc.gateway.TestingCoordinatorGateway;
import io.spate.executor.thread.SchedulerSlice;
import io.spate.jobgraph.JobGraph;
import io.spate.jobspec.JobGraphCompiler;
import io.spate.jobspec.JobSpecFormat;
import io.spate.jobspec.JobSpecParser;
import io.spate.rpc.HostAndPort;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.CancelTaskRequest;
import io.spate.rpc.proto.CoordinatorFencing;
import io.spate.rpc.proto.HeartbeatRequest;
import io.spate.rpc.proto.HeartbeatResponse;
import io.spate.rpc.proto.NotifyCheckpointCompleteRequest;
import io.spate.rpc.proto.SlotStatus;
import io.spate.rpc.proto.SubmitTaskRequest;
import io.spate.rpc.proto.TaskDeploymentDescriptor;
import io.spate.rpc.proto.TaskState;
import io.spate.rpc.proto.TaskStateUpdate;
import io.spate.rpc.proto.TaskStatus;
import io.spate.rpc.proto.TriggerCheckpointRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verticle on a real event loop with a real data plane, against a testing coordinator that
 * accepts at once (session-1, registration-1) and records task state updates.
 */
class TaskExecutorVerticleTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final TaskExecutorStatus status = new TaskExecutorStatus();
    private final List<TaskStateUpdate> updates = new CopyOnWriteArrayList<>();
    private final List<AcknowledgeCheckpointRequest> acks = new CopyOnWriteArrayList<>();
    private Vertx vertx;
    private NetworkEnvironment network;
    @TempDir Path checkpointsDir;
    private TaskExecutorVerticle verticle;

    void deploy(Function<TaskStateUpdate, CompletableFuture<Ack>> coordinatorAnswer)
            throws Exception {
        vertx = Vertx.vertx();
        network = new NetworkEnvironment(NetworkConfig.defaults().withMemory(4L << 20));
        network.start();
        ExecutorSettings settings =
                new ExecutorSettings(
                        "127.0.0.1",
                        new HostAndPort("localhost", 8081),
                        3,
                        0,
                        32 * 1024,
                        64L * 1024 * 1024,
                        NettyTransport.NIO,
                        NetworkLimits.defaults(),
                        SchedulerSlice.of(Duration.ofNanos(100_000)),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5),
                        Path.of("spate-data/checkpoints"),
                        Optional.empty());
        verticle =
                new TaskExecutorVerticle(
                        TestingCoordinatorGateway.builder()
                                .setUpdateTaskStateFunction(
                                        update -> {
                                            updates.add(update);
                                            return coordinatorAnswer.apply(update);
                                        })
                                .setAcknowledgeCheckpointFunction(
                                        ack -> {
                                            acks.add(ack);
                                            return CompletableFuture.completedFuture(
                                                    Ack.newBuilder().setAccepted(true).build());
                                        })
                                .build(),
                        Clock.SYSTEM,
                        settings,
                        "executor-1",
                        "test",
                        () -> 8082,
                        status,
                        network);
        vertx.deployVerticle(verticle)
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(status::registered);
    }

    void deploy() throws Exception {
        deploy(update -> accepted());
    }

    private static CompletableFuture<Ack> accepted() {
        return CompletableFuture.completedFuture(Ack.newBuilder().setAccepted(true).build());
    }

    @AfterEach
    void close() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
        assertThat(taskThreads()).as("closing the verticle ends every task").isEmpty();
        if (network != null) {
            assertThat(network.bufferPool().segmentsInUse()).isZero();
            network.close();
        }
    }

    @Test
    void answersAHeartbeatOfItsSessionWithTheSlotReport() throws Exception {
        deploy();
        HeartbeatResponse response =
                result(verticle.heartbeat(heartbeat("session-1", "registration-1", 7)));

        assertThat(response.getExecutorId()).isEqualTo("executor-1");
        assertThat(response.getSequence()).isEqualTo(7);
        assertThat(response.getSlotsList())
                .extracting(SlotStatus::getIndex)
                .containsExactly(0, 1, 2);
        assertThat(response.getTasksList()).isEmpty();
        assertThat(status.slotsFree()).isEqualTo(3);
        assertThat(status.coordinatorSession()).isEqualTo("session-1");
    }

    @Test
    void refusesAHeartbeatOfAnotherSession() throws Exception {
        deploy();
        assertThat(failure(verticle.heartbeat(heartbeat("session-0", "registration-1", 1))))
                .isInstanceOf(FencingTokenException.class)
                .hasMessageContaining("session-0");
    }

    @Test
    void refusesATaskOfAnotherSession() throws Exception {
        deploy();
        SubmitTaskRequest stale =
                SubmitTaskRequest.newBuilder()
                        .setFencing(fencing("session-0", ""))
                        .setTask(descriptor(boundedJob(), "attempt-1", 0))
                        .build();

        assertThat(failure(verticle.submitTask(stale))).isInstanceOf(FencingTokenException.class);
        assertThat(updates).isEmpty();
        assertThat(taskThreads()).isEmpty();
    }

    @Test
    void runsASubmittedTaskToItsFinalCheckpointAndReportsEveryStateWithMetrics() throws Exception {
        deploy();
        Ack ack = result(verticle.submitTask(submit(descriptor(boundedJob(), "attempt-1", 2))));

        assertThat(ack.getAccepted()).isTrue();
        await().atMost(TIMEOUT).until(() -> updates.size() == 2);
        assertThat(updates)
                .extracting(TaskStateUpdate::getState)
                .containsExactly(TaskState.RUNNING, TaskState.INPUT_ENDED);
        // INPUT_ENDED is not terminal: the task keeps its slot and shows in heartbeats.
        HeartbeatResponse beat =
                result(verticle.heartbeat(heartbeat("session-1", "registration-1", 1)));
        assertThat(beat.getTasksList())
                .extracting(TaskStatus::getState)
                .containsExactly(TaskState.INPUT_ENDED);
        assertThat(status.slotsFree()).isEqualTo(2);

        Ack triggered = result(verticle.triggerCheckpoint(trigger("attempt-1", 1)));
        assertThat(triggered.getAccepted()).isTrue();
        await().atMost(TIMEOUT).until(() -> acks.size() == 1);
        AcknowledgeCheckpointRequest checkpoint = acks.getFirst();
        assertThat(checkpoint.getFencing().getRegistrationId()).isEqualTo("registration-1");
        assertThat(checkpoint.getExecutionAttemptId()).isEqualTo("attempt-1");
        assertThat(checkpoint.getCheckpointId()).isEqualTo(1);
        assertThat(checkpoint.getStateHandle())
                .isEqualTo("job-1/chk-1/" + boundedJob().vertices().getFirst().id() + "-0.state");
        assertThat(checkpointsDir.resolve(checkpoint.getStateHandle()))
                .hasSize(checkpoint.getStateSize());
        assertThat(updates).hasSize(2);

        Ack notified = result(verticle.notifyCheckpointComplete(completed("job-1", 1)));
        assertThat(notified.getAccepted()).isTrue();
        await().atMost(TIMEOUT).until(() -> updates.size() == 3);
        TaskStateUpdate finished = updates.get(2);
        assertThat(finished.getState()).isEqualTo(TaskState.FINISHED);
        assertThat(finished.getFencing().getRegistrationId()).isEqualTo("registration-1");
        assertThat(finished.getExecutionAttemptId()).isEqualTo("attempt-1");
        assertThat(finished.getJobId()).isEqualTo("job-1");
        assertThat(finished.getMetrics().getRecordsIn())
                .as("Sequence -> Discard is one vertex")
                .isZero();
        assertThat(finished.getFailure()).isEmpty();
        await().atMost(TIMEOUT).until(() -> status.slotsFree() == 3);
    }

    @Test
    void heartbeatsShowALiveTaskAndCancelEndsIt() throws Exception {
        deploy();
        result(verticle.submitTask(submit(descriptor(unboundedJob(), "attempt-7", 1))));
        await().atMost(TIMEOUT).until(() -> updates.size() == 1);

        HeartbeatResponse beat =
                result(verticle.heartbeat(heartbeat("session-1", "registration-1", 1)));
        assertThat(beat.getSlotsList().get(1).getJobId()).isEqualTo("job-1");
        assertThat(beat.getTasksList())
                .extracting(TaskStatus::getExecutionAttemptId, TaskStatus::getState)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("attempt-7", TaskState.RUNNING));
        assertThat(taskThreads()).containsExactly("task-Words -> Discard-0");

        Ack cancel =
                result(
                        verticle.cancelTask(
                                CancelTaskRequest.newBuilder()
                                        .setFencing(fencing("session-1", "registration-1"))
                                        .setExecutionAttemptId("attempt-7")
                                        .build()));

        assertThat(cancel.getAccepted()).isTrue();
        await().atMost(TIMEOUT).until(() -> updates.size() == 2);
        assertThat(updates.get(1).getState()).isEqualTo(TaskState.CANCELED);
        await().atMost(TIMEOUT).until(() -> status.slotsFree() == 3 && taskThreads().isEmpty());
        assertThat(
                        result(verticle.heartbeat(heartbeat("session-1", "registration-1", 2)))
                                .getTasksList())
                .isEmpty();
    }

    @Test
    void aTriggerForAnUnknownAttemptIsNotAccepted() throws Exception {
        deploy();

        Ack ack = result(verticle.triggerCheckpoint(trigger("attempt-9", 1)));

        assertThat(ack.getAccepted()).isFalse();
        assertThat(ack.getDetail()).contains("attempt-9");
        assertThat(
                        failure(
                                verticle.triggerCheckpoint(
                                        trigger("attempt-9", 1).toBuilder()
                                                .setFencing(fencing("session-0", ""))
                                                .build())))
                .isInstanceOf(FencingTokenException.class);
    }

    @Test
    void aTriggeredSourceAcknowledgesWhileRunning() throws Exception {
        deploy();
        result(verticle.submitTask(submit(descriptor(unboundedJob(), "attempt-3", 0))));
        await().atMost(TIMEOUT).until(() -> updates.size() == 1);

        assertThat(result(verticle.triggerCheckpoint(trigger("attempt-3", 5))).getAccepted())
                .isTrue();
        result(verticle.triggerCheckpoint(trigger("attempt-3", 5))); // a duplicate is ignored

        await().atMost(TIMEOUT).until(() -> acks.size() == 1);
        assertThat(acks.getFirst().getCheckpointId()).isEqualTo(5);
        assertThat(acks.getFirst().getStateSize()).isPositive();
        assertThat(result(verticle.notifyCheckpointComplete(completed("job-1", 5))).getDetail())
                .isEqualTo("notified 1 task(s)");
        HeartbeatResponse beat =
                result(verticle.heartbeat(heartbeat("session-1", "registration-1", 1)));
        assertThat(beat.getTasksList().getFirst().getMetrics().getGaugesMap())
                .containsKeys("checkpoint-size-bytes", "checkpoint-alignment-ms");
        assertThat(beat.getTasksList().getFirst().getState()).isEqualTo(TaskState.RUNNING);
        assertThat(acks).hasSize(1);
    }

    @Test
    void refusesABadDescriptorNamingWhatIsWrong() throws Exception {
        deploy();
        TaskDeploymentDescriptor noSuchVertex =
                descriptor(boundedJob(), "attempt-1", 0).toBuilder()
                        .setVertexId("0".repeat(32))
                        .build();
        TaskDeploymentDescriptor badSlot = descriptor(boundedJob(), "attempt-2", 9);

        assertThat(failure(verticle.submitTask(submit(noSuchVertex))))
                .isInstanceOf(BadTaskException.class)
                .hasMessageStartingWith("task attempt-1: ")
                .hasMessageContaining("vertex_id " + "0".repeat(32));
        assertThat(failure(verticle.submitTask(submit(badSlot))))
                .isInstanceOf(BadTaskException.class)
                .hasMessageContaining("slot 9 does not exist");
    }

    @Test
    void refusesASlotHeldByAnotherJob() throws Exception {
        deploy();
        result(verticle.submitTask(submit(descriptor(unboundedJob(), "attempt-1", 0))));
        TaskDeploymentDescriptor other =
                descriptor(boundedJob(), "attempt-2", 0).toBuilder().setJobId("job-2").build();

        assertThat(failure(verticle.submitTask(submit(other))))
                .isInstanceOf(SlotTakenException.class)
                .hasMessageContaining("slot 0 is allocated to job job-1");
    }

    @Test
    void refusesAnAttemptThatIsAlreadyDeployed() throws Exception {
        deploy();
        result(verticle.submitTask(submit(descriptor(unboundedJob(), "attempt-1", 0))));

        assertThat(failure(verticle.submitTask(submit(descriptor(unboundedJob(), "attempt-1", 1)))))
                .isInstanceOf(DuplicateAttemptException.class)
                .hasMessage("task attempt-1 is already deployed here");
    }

    @Test
    void aStateUpdateTheCoordinatorDoesNotAcceptCancelsTheTaskAndFreesItsSlot() throws Exception {
        CompletableFuture<Ack> runningAnswer = new CompletableFuture<>();
        deploy(update -> update.getState() == TaskState.RUNNING ? runningAnswer : accepted());
        result(verticle.submitTask(submit(descriptor(unboundedJob(), "attempt-1", 0))));
        await().atMost(TIMEOUT).until(() -> updates.size() == 1);

        // The job master knows a newer attempt: nobody waits for this one any more.
        runningAnswer.complete(
                Ack.newBuilder()
                        .setAccepted(false)
                        .setDetail("attempt-1 is not the current attempt of its subtask")
                        .build());

        await().atMost(TIMEOUT).until(() -> taskThreads().isEmpty());
        await().atMost(TIMEOUT).until(() -> status.slotsFree() == 3);
        assertThat(updates)
                .extracting(TaskStateUpdate::getState)
                .containsExactly(TaskState.RUNNING, TaskState.CANCELED);
        assertThat(
                        result(verticle.heartbeat(heartbeat("session-1", "registration-1", 1)))
                                .getTasksList())
                .isEmpty();
    }

    @Test
    void aStateUpdateTheCoordinatorAcceptsChangesNothing() throws Exception {
        CompletableFuture<Ack> runningAnswer = new CompletableFuture<>();
        deploy(update -> update.getState() == TaskState.RUNNING ? runningAnswer : accepted());
        result(verticle.submitTask(submit(descriptor(unboundedJob(), "attempt-1", 0))));
        await().atMost(TIMEOUT).until(() -> updates.size() == 1);

        runningAnswer.complete(Ack.newBuilder().setAccepted(true).build());

        // The answer reached the loop before this heartbeat did.
        HeartbeatResponse beat =
                result(verticle.heartbeat(heartbeat("session-1", "registration-1", 1)));
        assertThat(beat.getTasksList())
                .extracting(TaskStatus::getState)
                .containsExactly(TaskState.RUNNING);
        assertThat(status.slotsFree()).isEqualTo(2);
        assertThat(taskThreads()).containsExactly("task-Words -> Discard-0");
        assertThat(updates).hasSize(1);
    }

    @Test
    void losingTheCoordinatorCancelsEveryTask() throws Exception {
        // The coordinator is gone: the first task update fails UNAVAILABLE, which drops the
        // registration, which cancels the task.
        deploy(update -> TestingCoordinatorGateway.failing(Status.UNAVAILABLE));
        result(verticle.submitTask(submit(descriptor(unboundedJob(), "attempt-1", 0))));

        await().atMost(TIMEOUT).until(() -> taskThreads().isEmpty());
        await().atMost(TIMEOUT).until(() -> status.slotsFree() == 3);
        assertThat(updates)
                .extracting(TaskStateUpdate::getState)
                .containsExactly(TaskState.RUNNING);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static JobGraph boundedJob() throws Exception {
        return compile(
                """
        name: bounded
        pipeline:
          transforms:
            - type: Sequence
              config: {from: 1, to: 10000}
            - type: Discard
        """);
    }

    private static JobGraph unboundedJob() throws Exception {
        return compile(
                """
        name: unbounded
        pipeline:
          transforms:
            - type: Words
            - type: Discard
        """);
    }

    private static JobGraph compile(String yaml) throws Exception {
        return JobGraphCompiler.compile(JobSpecParser.parse(yaml, JobSpecFormat.YAML));
    }

    private static TriggerCheckpointRequest trigger(String attempt, long checkpointId) {
        return TriggerCheckpointRequest.newBuilder()
                .setFencing(fencing("session-1", "registration-1"))
                .setExecutionAttemptId(attempt)
                .setCheckpointId(checkpointId)
                .setTimestampMs(1)
                .build();
    }

    private static NotifyCheckpointCompleteRequest completed(String job, long checkpointId) {
        return NotifyCheckpointCompleteRequest.newBuilder()
                .setFencing(fencing("session-1", "registration-1"))
                .setJobId(job)
                .setCheckpointId(checkpointId)
                .setFinalCheckpoint(true)
                .build();
    }

    TaskDeploymentDescriptor descriptor(JobGraph graph, String attempt, int slot) {
        return TaskDeploymentDescriptor.newBuilder()
                .setJobId("job-1")
                .setJobName(graph.name())
                .setExecutionAttemptId(attempt)
                .setVertexId(graph.vertices().getFirst().id())
                .setSubtaskIndex(0)
                .setParallelism(1)
                .setSlotIndex(slot)
                .setJobGraph(ByteString.copyFrom(graph.toJson()))
                .setCheckpointsDir(checkpointsDir.toString())
                .build();
    }

    private static SubmitTaskRequest submit(TaskDeploymentDescriptor descriptor) {
        return SubmitTaskRequest.newBuilder()
                .setFencing(fencing("session-1", "registration-1"))
                .setTask(descriptor)
                .build();
    }

    private static HeartbeatRequest heartbeat(String session, String registration, long sequence) {
        return HeartbeatRequest.newBuilder()
                .setFencing(fencing(session, registration))
                .setSequence(sequence)
                .build();
    }

    private static CoordinatorFencing fencing(String session, String registration) {
        return CoordinatorFencing.newBuilder()
                .setCoordinatorSessionId(session)
                .setRegistrationId(registration)
                .build();
    }

    static List<String> taskThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("task-"))
                .toList();
    }

    private static <T> T result(Future<T> answer) throws Exception {
        return answer.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** What the answer failed with. */
    private static Throwable failure(Future<?> answer) {
        try {
            answer.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("answered, but a refusal was expected");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        }
    }
}
