package io.spate.coordinator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.spate.coordinator.rpc.gateway.TestingExecutorServer;
import io.spate.coordinator.rpc.service.CoordinatorClient;
import io.spate.rpc.proto.ExecutorFencing;
import io.spate.rpc.proto.RegisterExecutorRequest;
import io.spate.rpc.proto.RegisterExecutorResponse;
import io.spate.rpc.proto.TaskState;
import io.spate.rpc.proto.TaskStateUpdate;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The coordinator's HTTP surface and gRPC endpoint on the one test port. */
@QuarkusTest
class CoordinatorApiTest {

    @TestHTTPResource("/")
    URL coordinator;

    @Inject Vertx vertx;

    private TestingExecutorServer executor;
    private CoordinatorClient client;

    @BeforeEach
    void start() throws Exception {
        executor = new TestingExecutorServer();
        client = new CoordinatorClient(coordinator, Optional.empty());
    }

    private final List<String> registered = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        client.close();
        executor.close();
        // The coordinator loses this test's executors (connection refused); wait for it so the next
        // test starts from an empty cluster.
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> {
                            List<String> listed =
                                    given().get("/taskmanagers")
                                            .then()
                                            .extract()
                                            .path("taskmanagers.id");
                            return listed.stream().noneMatch(registered::contains);
                        });
    }

    private RegisterExecutorResponse register(String id, int slots) {
        registered.add(id);
        return client.stub()
                .registerExecutor(
                        RegisterExecutorRequest.newBuilder()
                                .setExecutorId(id)
                                .setGrpcHost("127.0.0.1")
                                .setGrpcPort(executor.port())
                                .setDataHost("127.0.0.1")
                                .setDataPort(7001)
                                .setSlots(slots)
                                .build());
    }

    private static TaskStateUpdate update(String executorId, String registrationId) {
        return TaskStateUpdate.newBuilder()
                .setFencing(
                        ExecutorFencing.newBuilder()
                                .setExecutorId(executorId)
                                .setRegistrationId(registrationId))
                .setJobId("job-1")
                .setExecutionAttemptId("attempt-1")
                .setState(TaskState.RUNNING)
                .build();
    }

    @Test
    void executorRegisteredOverGrpcIsListed() {
        RegisterExecutorResponse response = register("exec-listed", 3);

        assertThat(response.getCoordinatorSessionId()).hasSize(32);
        assertThat(response.getHeartbeatIntervalMs()).isEqualTo(1000);
        given().get("/taskmanagers")
                .then()
                .statusCode(200)
                .body("taskmanagers.id", hasItem("exec-listed"))
                .body(
                        "taskmanagers.find { it.id == 'exec-listed' }.path",
                        equalTo("127.0.0.1:" + executor.port()))
                .body("taskmanagers.find { it.id == 'exec-listed' }.dataPort", equalTo(7001))
                .body("taskmanagers.find { it.id == 'exec-listed' }.slotsNumber", equalTo(3))
                .body("taskmanagers.find { it.id == 'exec-listed' }.freeSlots", equalTo(3))
                .body(
                        "taskmanagers.find { it.id == 'exec-listed' }.timeSinceLastHeartbeat",
                        notNullValue());
        await().atMost(Duration.ofSeconds(10)).until(() -> !executor.heartbeats().isEmpty());
    }

    @Test
    void overviewCountsExecutorsAndSlots() {
        int before = given().get("/overview").then().statusCode(200).extract().path("slots-total");
        register("exec-overview", 4);

        given().get("/overview")
                .then()
                .statusCode(200)
                .body("slots-total", equalTo(before + 4))
                .body("jobs-running", notNullValue()) // counted by JobsApiTest
                .body("jobs-finished", notNullValue())
                .body("jobs-cancelled", notNullValue())
                .body("jobs-failed", notNullValue())
                .body("spate-version", notNullValue());
    }

    @Test
    void taskUpdatesOfAJobNotRunningHereAreAnsweredNotAccepted() {
        String registration = register("exec-no-job", 1).getRegistrationId();

        var ack = client.stub().updateTaskState(update("exec-no-job", registration));

        assertThat(ack.getAccepted()).isFalse();
        assertThat(ack.getDetail())
                .isEqualTo(
                        "task update of attempt attempt-1: job job-1 is not running on this"
                                + " coordinator");
    }

    @Test
    void badRegistrationIsInvalidArgumentNamingTheField() {
        assertThatThrownBy(
                        () ->
                                client.stub()
                                        .registerExecutor(
                                                RegisterExecutorRequest.newBuilder()
                                                        .setGrpcHost("h")
                                                        .setGrpcPort(1)
                                                        .build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> {
                            assertThat(e.getStatus().getCode())
                                    .isEqualTo(Status.Code.INVALID_ARGUMENT);
                            assertThat(e.getStatus().getDescription())
                                    .contains("executor_id: required");
                        });
    }

    @Test
    void healthIsUp() {
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.name", hasItem("gRPC Server"));
    }

    @Test
    void metricsShowTheResourceManager() {
        register("exec-metrics", 2);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains(
                        "spate_executors_registered",
                        "spate_slots_total",
                        "spate_slots_free",
                        "spate_heartbeat_rtt_seconds");
    }
}
