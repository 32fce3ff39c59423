package io.spate.executor.taskexecutor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.spate.executor.rpc.gateway.FakeCoordinatorServer;
import io.spate.jobgraph.JobGraph;
import io.spate.jobspec.JobGraphCompiler;
import io.spate.jobspec.JobSpecFormat;
import io.spate.jobspec.JobSpecParser;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.CoordinatorFencing;
import io.spate.rpc.proto.ExecutorGatewayGrpc;
import io.spate.rpc.proto.HeartbeatRequest;
import io.spate.rpc.proto.HeartbeatResponse;
import io.spate.rpc.proto.NotifyCheckpointCompleteRequest;
import io.spate.rpc.proto.RegisterExecutorRequest;
import io.spate.rpc.proto.SubmitTaskRequest;
import io.spate.rpc.proto.TaskDeploymentDescriptor;
import io.spate.rpc.proto.TaskState;
import io.spate.rpc.proto.TaskStatus;
import io.spate.rpc.proto.TriggerCheckpointRequest;
import java.net.Socket;
import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The executor app against a real gRPC coordinator (registration side only): it registers with its
 * real gRPC and data ports, answers heartbeats of that session, runs a task that session submits,
 * and after a coordinator restart (new session, silence for the timeout) registers again and obeys
 * only the new session.
 */
@QuarkusTest
@WithTestResource(RegistrationWithCoordinatorTest.Coordinator.class)
class RegistrationWithCoordinatorTest {

    /** Starts the fake coordinator before the app and points the app at it. */
    public static final class Coordinator implements QuarkusTestResourceLifecycleManager {
        static volatile FakeCoordinatorServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = new FakeCoordinatorServer(Optional.empty(), 1500);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("spate.coordinator.address", server.address());
        }

        @Override
        public void stop() {
            try {
                server.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @TestHTTPResource("/")
    URL self;

    @Test
    void registersAnswersHeartbeatsAndFollowsACoordinatorRestart() throws Exception {
        FakeCoordinatorServer coordinator = Coordinator.server;
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () ->
                                given().when()
                                        .get("/q/health/ready")
                                        .then()
                                        .statusCode(200)
                                        .body("status", equalTo("UP")));

        RegisterExecutorRequest registration = coordinator.registrations().get(0);
        assertThat(registration.getGrpcPort()).as("the real bound port").isEqualTo(self.getPort());
        assertThat(registration.getSlots()).isEqualTo(2);
        assertThat(registration.getDataPort()).as("the data plane's real port").isPositive();
        try (Socket data = new Socket("127.0.0.1", registration.getDataPort())) {
            assertThat(data.isConnected()).as("the data plane listens there").isTrue();
        }

        // The coordinator's heartbeats keep the registration alive well past the 1.5 s timeout.
        long answeredBefore = coordinator.heartbeatsAnswered();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> coordinator.heartbeatsAnswered() >= answeredBefore + 10);
        assertThat(coordinator.registrations()).hasSize(1);

        ManagedChannel channel =
                NettyChannelBuilder.forAddress(self.getHost(), self.getPort())
                        .usePlaintext()
                        .build();
        try {
            var executor = ExecutorGatewayGrpc.newBlockingStub(channel);
            HeartbeatResponse reply =
                    executor.withDeadlineAfter(10, TimeUnit.SECONDS)
                            .heartbeat(heartbeat("session-1", "registration-1"));
            assertThat(reply.getExecutorId()).isEqualTo(registration.getExecutorId());
            assertThat(reply.getSlotsCount()).isEqualTo(2);

            // A task of the registered session is accepted and runs; a stale session's is refused.
            TaskDeploymentDescriptor task = sequenceTask();
            Ack accepted =
                    executor.withDeadlineAfter(10, TimeUnit.SECONDS)
                            .submitTask(submit("session-1", "registration-1", task));
            assertThat(accepted.getAccepted()).isTrue();
            assertThatThrownBy(
                            () ->
                                    executor.withDeadlineAfter(10, TimeUnit.SECONDS)
                                            .submitTask(
                                                    submit("session-0", "registration-1", task)))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e ->
                                    assertThat(e.getStatus().getCode())
                                            .isEqualTo(Status.Code.FAILED_PRECONDITION));
            // Its input ends; the final checkpoint (acks go unanswered by the fake coordinator)
            // completes;
            // it finishes and gives its slot back (the fake coordinator ignores the state updates).
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    executor.withDeadlineAfter(10, TimeUnit.SECONDS)
                                                            .heartbeat(
                                                                    heartbeat(
                                                                            "session-1",
                                                                            "registration-1"))
                                                            .getTasksList())
                                            .extracting(TaskStatus::getState)
                                            .containsExactly(TaskState.INPUT_ENDED));
            assertThat(
                            executor.withDeadlineAfter(10, TimeUnit.SECONDS)
                                    .triggerCheckpoint(
                                            TriggerCheckpointRequest.newBuilder()
                                                    .setFencing(
                                                            fencing("session-1", "registration-1"))
                                                    .setExecutionAttemptId("attempt-1")
                                                    .setCheckpointId(1)
                                                    .build())
                                    .getAccepted())
                    .isTrue();
            executor.withDeadlineAfter(10, TimeUnit.SECONDS)
                    .notifyCheckpointComplete(
                            NotifyCheckpointCompleteRequest.newBuilder()
                                    .setFencing(fencing("session-1", "registration-1"))
                                    .setJobId("job-1")
                                    .setCheckpointId(1)
                                    .setFinalCheckpoint(true)
                                    .build());
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    executor.withDeadlineAfter(10, TimeUnit.SECONDS)
                                                            .heartbeat(
                                                                    heartbeat(
                                                                            "session-1",
                                                                            "registration-1"))
                                                            .getTasksList())
                                            .isEmpty());

            // Restarted: new session, registration-1 is never heartbeaten again; the executor
            // notices
            // the silence and registers with the new session, whose heartbeats it then answers.
            coordinator.newSession("session-2");
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> coordinator.registrations().size() >= 2);
            long answeredAfterRestart = coordinator.heartbeatsAnswered();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> coordinator.heartbeatsAnswered() >= answeredAfterRestart + 3);
            assertThat(coordinator.registrations()).hasSize(2);

            assertThatThrownBy(
                            () ->
                                    executor.withDeadlineAfter(10, TimeUnit.SECONDS)
                                            .heartbeat(heartbeat("session-1", "registration-1")))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e ->
                                    assertThat(e.getStatus().getCode())
                                            .isEqualTo(Status.Code.FAILED_PRECONDITION));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static TaskDeploymentDescriptor sequenceTask() throws Exception {
        JobGraph graph =
                JobGraphCompiler.compile(
                        JobSpecParser.parse(
                                """
                name: sequence
                pipeline:
                  transforms:
                    - type: Sequence
                      config: {to: 1000}
                    - type: Discard
                """,
                                JobSpecFormat.YAML));
        return TaskDeploymentDescriptor.newBuilder()
                .setJobId("job-1")
                .setJobName(graph.name())
                .setExecutionAttemptId("attempt-1")
                .setVertexId(graph.vertices().getFirst().id())
                .setSubtaskIndex(0)
                .setParallelism(1)
                .setSlotIndex(1)
                .setJobGraph(ByteString.copyFrom(graph.toJson()))
                .setCheckpointsDir(Files.createTempDirectory("spate-checkpoints").toString())
                .build();
    }

    private static SubmitTaskRequest submit(
            String session, String registrationId, TaskDeploymentDescriptor task) {
        return SubmitTaskRequest.newBuilder()
                .setFencing(
                        CoordinatorFencing.newBuilder()
                                .setCoordinatorSessionId(session)
                                .setRegistrationId(registrationId))
                .setTask(task)
                .build();
    }

    private static CoordinatorFencing fencing(String session, String registrationId) {
        return CoordinatorFencing.newBuilder()
                .setCoordinatorSessionId(session)
                .setRegistrationId(registrationId)
                .build();
    }

    private static HeartbeatRequest heartbeat(String session, String registrationId) {
        return HeartbeatRequest.newBuilder()
                .setFencing(
                        CoordinatorFencing.newBuilder()
                                .setCoordinatorSessionId(session)
                                .setRegistrationId(registrationId))
                .setSequence(1)
                .build();
    }
}
