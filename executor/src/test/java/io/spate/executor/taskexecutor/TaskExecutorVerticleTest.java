package io.spate.executor.taskexecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.spate.clock.Clock;
import io.spate.executor.config.ExecutorSettings;
import io.spate.executor.rpc.TestingCoordinatorGateway;
import io.spate.rpc.HostAndPort;
import io.spate.rpc.proto.CoordinatorFencing;
import io.spate.rpc.proto.HeartbeatRequest;
import io.spate.rpc.proto.HeartbeatResponse;
import io.spate.rpc.proto.SlotStatus;
import io.spate.rpc.proto.SubmitTaskRequest;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verticle on a real event loop, against a testing coordinator that accepts at once. */
class TaskExecutorVerticleTest {

  private final TaskExecutorStatus status = new TaskExecutorStatus();
  private Vertx vertx;
  private TaskExecutorVerticle verticle;

  @BeforeEach
  void deploy() throws Exception {
    vertx = Vertx.vertx();
    ExecutorSettings settings =
        new ExecutorSettings(
            "127.0.0.1",
            new HostAndPort("localhost", 8081),
            3,
            0,
            32 * 1024,
            64L * 1024 * 1024,
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Path.of("spate-data/checkpoints"),
            Optional.empty());
    verticle =
        new TaskExecutorVerticle(
            TestingCoordinatorGateway.builder().build(),
            Clock.SYSTEM,
            settings,
            "executor-1",
            "test",
            () -> 8082,
            status);
    vertx
        .deployVerticle(verticle)
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(status::registered);
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void answersAHeartbeatOfItsSessionWithTheSlotReport() throws Exception {
    HeartbeatResponse response =
        result(verticle.heartbeat(heartbeat("session-1", "registration-1", 7)));

    assertThat(response.getExecutorId()).isEqualTo("executor-1");
    assertThat(response.getSequence()).isEqualTo(7);
    assertThat(response.getSlotsList()).extracting(SlotStatus::getIndex).containsExactly(0, 1, 2);
    assertThat(status.slotsFree()).isEqualTo(3);
    assertThat(status.coordinatorSession()).isEqualTo("session-1");
  }

  @Test
  void refusesAHeartbeatOfAnotherSession() {
    assertThat(statusOf(verticle.heartbeat(heartbeat("session-0", "registration-1", 1))))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  @Test
  void fencesTaskCallsBeforeAnsweringThatDeploymentIsNotThereYet() {
    SubmitTaskRequest stale =
        SubmitTaskRequest.newBuilder().setFencing(fencing("session-0", "")).build();
    SubmitTaskRequest current =
        SubmitTaskRequest.newBuilder().setFencing(fencing("session-1", "registration-1")).build();

    assertThat(statusOf(verticle.submitTask(stale))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(statusOf(verticle.submitTask(current))).isEqualTo(Status.Code.UNIMPLEMENTED);
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

  private static <T> T result(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Status.Code statusOf(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
      return Status.Code.OK;
    } catch (ExecutionException e) {
      return ((StatusRuntimeException) e.getCause()).getStatus().getCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
