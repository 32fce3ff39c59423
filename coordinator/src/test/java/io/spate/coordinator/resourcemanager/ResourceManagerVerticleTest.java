package io.spate.coordinator.resourcemanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spate.clock.Clock;
import io.spate.coordinator.rpc.gateway.GrpcExecutorGateways;
import io.spate.coordinator.rpc.gateway.TestingExecutorServer;
import io.spate.rpc.AuthToken;
import io.spate.rpc.proto.RegisterExecutorRequest;
import io.spate.rpc.proto.RegisterExecutorResponse;
import io.spate.tls.GrpcClientTls;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verticle on a real Vert.x, talking real gRPC to a test executor endpoint. */
class ResourceManagerVerticleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private Vertx vertx;
    private GrpcExecutorGateways gateways;
    private ResourceManagerVerticle verticle;
    private TestingExecutorServer executor;
    private final List<ExecutorLost> lost = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        gateways =
                new GrpcExecutorGateways(
                        new AuthToken(Optional.empty()).clientInterceptor(),
                        GrpcClientTls.plaintext());
        verticle =
                new ResourceManagerVerticle(
                        Duration.ofMillis(50),
                        Duration.ofSeconds(2),
                        Clock.SYSTEM,
                        gateways,
                        new SimpleMeterRegistry());
        vertx.eventBus()
                .<ExecutorLost>consumer(
                        ResourceManagerEvents.EXECUTOR_LOST, m -> lost.add(m.body()));
        vertx.deployVerticle(verticle)
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        executor = new TestingExecutorServer();
    }

    @AfterEach
    void stop() throws Exception {
        executor.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        gateways.close();
    }

    private RegisterExecutorResponse register(String id) throws Exception {
        return verticle.registerExecutor(
                        RegisterExecutorRequest.newBuilder()
                                .setExecutorId(id)
                                .setGrpcHost("127.0.0.1")
                                .setGrpcPort(executor.port())
                                .setDataPort(1)
                                .setSlots(2)
                                .build())
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void registeredExecutorsGetFencedHeartbeatsOverOneSharedChannel() throws Exception {
        RegisterExecutorResponse first = register("e1");
        RegisterExecutorResponse second = register("e2");

        await().atMost(WAIT)
                .until(
                        () ->
                                executor.heartbeats().stream()
                                                .map(h -> h.getFencing().getRegistrationId())
                                                .distinct()
                                                .count()
                                        == 2);
        assertThat(executor.heartbeats())
                .allMatch(
                        h ->
                                h.getFencing()
                                        .getCoordinatorSessionId()
                                        .equals(first.getCoordinatorSessionId()))
                .extracting(h -> h.getFencing().getRegistrationId())
                .containsOnly(first.getRegistrationId(), second.getRegistrationId());
        assertThat(gateways.openChannels()).isEqualTo(1);
        await().atMost(WAIT)
                .until(
                        () ->
                                verticle
                                        .executors()
                                        .toCompletionStage()
                                        .toCompletableFuture()
                                        .get()
                                        .stream()
                                        .allMatch(e -> e.lastRttMicros() > 0));
        assertThat(lost).isEmpty();
    }

    @Test
    void executorWhoseProcessIsGoneIsLostBeforeTheTimeout() throws Exception {
        register("e1");
        await().atMost(WAIT).until(() -> !executor.heartbeats().isEmpty());

        executor.close(); // the port now refuses connections

        await().atMost(WAIT).until(() -> !lost.isEmpty());
        assertThat(lost.get(0).executorId()).isEqualTo("e1");
        assertThat(lost.get(0).reason()).startsWith("unreachable: UNAVAILABLE");
        // The reason shows which path removed it; no assertion on elapsed time.
        assertThat(lost.get(0).reason()).doesNotContain("no heartbeat reply");
        assertThat(verticle.overview().toCompletionStage().toCompletableFuture().get())
                .isEqualTo(new ClusterOverview(0, 0, 0));
        assertThat(gateways.openChannels()).isZero();
    }

    @Test
    void executorRefusingOurSessionIsRemoved() throws Exception {
        executor.acceptOnlySession("some-other-coordinator");
        register("e1");

        await().atMost(WAIT).until(() -> !lost.isEmpty());
        assertThat(lost.get(0).reason()).contains("refused our session");
    }

    @Test
    void slotsAreAllocatedAndReleasedThroughTheVerticle() throws Exception {
        register("e1");
        register("e2");

        List<AllocatedSlot> slots =
                verticle.allocateSlots("job", 3)
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);

        assertThat(slots).hasSize(3);
        assertThat(verticle.overview().toCompletionStage().toCompletableFuture().get().slotsFree())
                .isEqualTo(1);
        assertThat(verticle.releaseSlots("job").toCompletionStage().toCompletableFuture().get())
                .isEqualTo(3);
    }
}
