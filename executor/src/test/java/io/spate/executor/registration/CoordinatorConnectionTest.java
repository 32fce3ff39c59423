package io.spate.executor.registration;

import static io.spate.executor.rpc.gateway.TestingCoordinatorGateway.failing;
import static io.spate.executor.rpc.gateway.TestingCoordinatorGateway.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.spate.clock.ManualClock;
import io.spate.executor.rpc.gateway.TestingCoordinatorGateway;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.CoordinatorFencing;
import io.spate.rpc.proto.RegisterExecutorRequest;
import io.spate.rpc.proto.RegisterExecutorResponse;
import io.spate.rpc.proto.TaskStateUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CoordinatorConnectionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ManualClock clock = new ManualClock();
    private final ManuallyTriggeredMainThreadExecutor mainThread =
            new ManuallyTriggeredMainThreadExecutor(clock);
    private final List<RegisterExecutorRequest> requests = new ArrayList<>();
    private final List<Long> attemptMillis = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final AtomicReference<String> session = new AtomicReference<>("session-A");
    private final AtomicInteger registrationIds = new AtomicInteger();
    private int grpcPort = 8082;

    /** A coordinator that answers registrations with the current {@link #session}. */
    private final Function<RegisterExecutorRequest, CompletableFuture<RegisterExecutorResponse>>
            coordinator =
                    request -> {
                        recordAttempt(request);
                        return CompletableFuture.completedFuture(
                                registered(
                                        "registration-" + registrationIds.incrementAndGet(),
                                        session.get(),
                                        1000,
                                        TIMEOUT.toMillis()));
                    };

    @Test
    void registrationRetriesWithGrowingBackoffUntilTheCoordinatorAnswers() {
        AtomicInteger refusals = new AtomicInteger(4);
        CoordinatorConnection connection =
                connect(
                        TestingCoordinatorGateway.builder()
                                .setRegisterExecutorFunction(
                                        request ->
                                                refusals.getAndDecrement() > 0
                                                        ? unreachable(request)
                                                        : coordinator.apply(request))
                                .build());

        connection.start();
        mainThread.runDue();
        assertThat(attemptMillis).containsExactly(0L);
        mainThread.advance(Duration.ofMillis(49));
        assertThat(attemptMillis).as("not before the first backoff").containsExactly(0L);

        mainThread.advance(Duration.ofSeconds(3));

        // pauses 50, 100, 200, 250 ms, then the coordinator answers and nobody asks again
        assertThat(attemptMillis).containsExactly(0L, 50L, 150L, 350L, 600L);
        assertThat(connection.phase()).isEqualTo(CoordinatorConnection.Phase.REGISTERED);
        assertThat(connection.registration().coordinatorSessionId()).isEqualTo("session-A");
        assertThat(connection.attempts()).isEqualTo(5);
        assertThat(events).containsExactly("registered session-A registration-1");
        assertThat(requests.get(0).getGrpcPort()).isEqualTo(8082);
        assertThat(requests.get(0).getSlots()).isEqualTo(2);
    }

    @Test
    void registrationWaitsUntilTheOwnGrpcServerIsBound() {
        grpcPort = 0;
        CoordinatorConnection connection = connect(gatewayWith(coordinator));

        connection.start();
        mainThread.advance(Duration.ofMillis(500));
        assertThat(requests).as("port 0 is never announced").isEmpty();

        grpcPort = 41234;
        mainThread.advance(CoordinatorConnection.PORT_POLL);
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).getGrpcPort()).isEqualTo(41234);
        assertThat(connection.phase()).isEqualTo(CoordinatorConnection.Phase.REGISTERED);
    }

    @Test
    void fencingRefusesAHeartbeatOfAnotherSession() {
        CoordinatorConnection connection = connect(gatewayWith(coordinator));
        assertThatThrownBy(() -> connection.checkFencing(fencing("session-A", "")))
                .as("nothing is obeyed before registration")
                .satisfies(refusedMentioning("session-A", "not registered"));

        registerNow(connection);

        assertThatThrownBy(
                        () -> connection.checkFencing(fencing("session-stale", "registration-1")))
                .satisfies(refusedMentioning("session-stale", "session-A"));
        assertThatThrownBy(() -> connection.checkFencing(fencing("session-A", "registration-0")))
                .as("same session, but an older registration")
                .satisfies(refusedMentioning("registration-0", "registration-1"));
        assertThatCode(() -> connection.checkFencing(fencing("session-A", "registration-1")))
                .doesNotThrowAnyException();
    }

    @Test
    void silentCoordinatorCausesRegistrationAgainAfterTheTimeoutAndNotBefore() {
        CoordinatorConnection connection = connect(gatewayWith(coordinator));
        registerNow(connection);

        mainThread.advance(TIMEOUT.minusMillis(1));
        assertThat(connection.registration().registrationId()).isEqualTo("registration-1");
        connection.heardFromCoordinator(); // a heartbeat at 4.999 s restarts the timeout

        mainThread.advance(TIMEOUT.minusMillis(1));
        assertThat(requests).as("silent for 4.999 s only").hasSize(1);

        mainThread.advance(Duration.ofMillis(1));
        assertThat(requests).as("silent for the timeout").hasSize(2);
        assertThat(connection.registration().registrationId()).isEqualTo("registration-2");
        assertThat(events)
                .containsExactly(
                        "registered session-A registration-1",
                        "disconnected registration-1: coordinator not heard for 5000 ms",
                        "registered session-A registration-2");
    }

    @Test
    void afterACoordinatorRestartTheExecutorRegistersWithTheNewSession() {
        CoordinatorConnection connection = connect(gatewayWith(coordinator));
        registerNow(connection);

        session.set(
                "session-B"); // the coordinator restarted: new session, old registrations unknown
        assertThatThrownBy(() -> connection.checkFencing(fencing("session-B", "")))
                .as("the new coordinator is not obeyed before registering with it")
                .satisfies(refusedMentioning("session-B", "session-A"));

        mainThread.advance(TIMEOUT); // the old coordinator falls silent

        assertThat(connection.registration().coordinatorSessionId()).isEqualTo("session-B");
        assertThatCode(() -> connection.checkFencing(fencing("session-B", "registration-2")))
                .doesNotThrowAnyException();
        connection.heardFromCoordinator();
        assertThatThrownBy(() -> connection.checkFencing(fencing("session-A", "registration-1")))
                .satisfies(refusedMentioning("session-A", "session-B"));
    }

    @Test
    void unavailableCoordinatorOnAFencedCallCausesRegistrationAgain() {
        List<TaskStateUpdate> updates = new ArrayList<>();
        CoordinatorConnection connection =
                connect(
                        TestingCoordinatorGateway.builder()
                                .setRegisterExecutorFunction(coordinator)
                                .setUpdateTaskStateFunction(
                                        update -> {
                                            updates.add(update);
                                            return failing(
                                                    Status.UNAVAILABLE.withDescription(
                                                            "connection refused"));
                                        })
                                .build());
        registerNow(connection);

        CompletableFuture<Ack> first = callUpdateTaskState(connection);
        CompletableFuture<Ack> second = callUpdateTaskState(connection);
        mainThread.runDue();

        assertThat(updates.get(0).getFencing().getRegistrationId()).isEqualTo("registration-1");
        assertThat(updates.get(0).getFencing().getExecutorId()).isEqualTo("executor-1");
        assertThat(first).isCompletedExceptionally();
        assertThat(second).isCompletedExceptionally();
        assertThat(requests)
                .as("two failed calls of one registration: one new registration")
                .hasSize(2);
        assertThat(connection.registration().registrationId()).isEqualTo("registration-2");
        assertThat(events)
                .contains(
                        "disconnected registration-1: coordinator unreachable (UNAVAILABLE: connection"
                                + " refused)");
    }

    @Test
    void refusedRegistrationOnAFencedCallCausesRegistrationAgain() {
        CoordinatorConnection connection =
                connect(
                        TestingCoordinatorGateway.builder()
                                .setRegisterExecutorFunction(coordinator)
                                .setUpdateTaskStateFunction(
                                        update ->
                                                failing(
                                                        Status.FAILED_PRECONDITION.withDescription(
                                                                "unknown registration")))
                                .build());
        registerNow(connection);

        callUpdateTaskState(connection);
        mainThread.runDue();

        assertThat(connection.registration().registrationId()).isEqualTo("registration-2");
    }

    @Test
    void otherFailuresOfAFencedCallKeepTheRegistration() {
        CoordinatorConnection connection =
                connect(
                        TestingCoordinatorGateway.builder()
                                .setRegisterExecutorFunction(coordinator)
                                .setUpdateTaskStateFunction(
                                        update -> failing(Status.INVALID_ARGUMENT))
                                .build());
        registerNow(connection);

        CompletableFuture<Ack> call = callUpdateTaskState(connection);
        mainThread.runDue();

        assertThat(call).isCompletedExceptionally();
        assertThat(connection.registration().registrationId()).isEqualTo("registration-1");
    }

    @Test
    void refusedAuthTokenKeepsRetryingWithBackoff() {
        CoordinatorConnection connection =
                connect(
                        gatewayWith(
                                request -> {
                                    recordAttempt(request);
                                    return failing(
                                            Status.UNAUTHENTICATED.withDescription(
                                                    "missing or wrong auth token"));
                                }));

        connection.start();
        mainThread.advance(Duration.ofSeconds(10));

        // 0, 0.05, 0.15, 0.35, then every 0.25 s
        assertThat(attemptMillis)
                .containsExactly(
                        0L, 50L, 150L, 350L, 600L, 850L, 1100L, 1350L, 1600L, 1850L, 2100L, 2350L,
                        2600L, 2850L, 3100L, 3350L, 3600L, 3850L, 4100L, 4350L, 4600L, 4850L, 5100L,
                        5350L, 5600L, 5850L, 6100L, 6350L, 6600L, 6850L, 7100L, 7350L, 7600L, 7850L,
                        8100L, 8350L, 8600L, 8850L, 9100L, 9350L, 9600L, 9850L);
        assertThat(connection.phase()).isEqualTo(CoordinatorConnection.Phase.REGISTERING);
        assertThat(connection.lastFailure()).contains("UNAUTHENTICATED");
    }

    @Test
    void backoffStartsSmallAgainAfterARegistrationWasLost() {
        AtomicInteger refusals = new AtomicInteger();
        CoordinatorConnection connection =
                connect(
                        gatewayWith(
                                request ->
                                        refusals.getAndDecrement() > 0
                                                ? unreachable(request)
                                                : coordinator.apply(request)));
        registerNow(connection);
        attemptMillis.clear();
        refusals.set(2);

        mainThread.advance(TIMEOUT.plusSeconds(1));

        long lostAt = TIMEOUT.toMillis();
        assertThat(attemptMillis).containsExactly(lostAt, lostAt + 50, lostAt + 150);
    }

    @Test
    void closedConnectionIgnoresLateRepliesAndStopsTimers() {
        CompletableFuture<RegisterExecutorResponse> reply = new CompletableFuture<>();
        CoordinatorConnection connection =
                connect(
                        gatewayWith(
                                request -> {
                                    recordAttempt(request);
                                    return reply;
                                }));
        connection.start();
        connection.close();

        reply.complete(registered("registration-late", "session-A", 1000, 5000));
        mainThread.advance(Duration.ofSeconds(30));

        assertThat(connection.phase()).isEqualTo(CoordinatorConnection.Phase.CLOSED);
        assertThat(connection.registration()).isNull();
        assertThat(mainThread.scheduledCount()).isZero();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private CoordinatorConnection connect(TestingCoordinatorGateway gateway) {
        return new CoordinatorConnection(
                gateway,
                mainThread,
                clock,
                () ->
                        new ExecutorDescription(
                                "executor-1", "10.0.0.7", grpcPort, "10.0.0.7", 6121, 2, "test"),
                TIMEOUT,
                "coordinator:8081",
                new CoordinatorConnection.Listener() {
                    @Override
                    public void registered(Registration registration) {
                        events.add(
                                "registered "
                                        + registration.coordinatorSessionId()
                                        + " "
                                        + registration.registrationId());
                    }

                    @Override
                    public void disconnected(Registration lost, String reason) {
                        events.add("disconnected " + lost.registrationId() + ": " + reason);
                    }
                });
    }

    private static TestingCoordinatorGateway gatewayWith(
            Function<RegisterExecutorRequest, CompletableFuture<RegisterExecutorResponse>>
                    register) {
        return TestingCoordinatorGateway.builder().setRegisterExecutorFunction(register).build();
    }

    private void registerNow(CoordinatorConnection connection) {
        connection.start();
        mainThread.runDue();
        assertThat(connection.phase()).isEqualTo(CoordinatorConnection.Phase.REGISTERED);
    }

    private CompletableFuture<RegisterExecutorResponse> unreachable(
            RegisterExecutorRequest request) {
        recordAttempt(request);
        return failing(Status.UNAVAILABLE.withDescription("io exception"));
    }

    private void recordAttempt(RegisterExecutorRequest request) {
        requests.add(request);
        attemptMillis.add(clock.nanoTime() / 1_000_000);
    }

    private static CompletableFuture<Ack> callUpdateTaskState(CoordinatorConnection connection) {
        return connection.callFenced(
                (gateway, fencing) ->
                        gateway.updateTaskState(
                                TaskStateUpdate.newBuilder().setFencing(fencing).build()));
    }

    private static CoordinatorFencing fencing(String session, String registrationId) {
        return CoordinatorFencing.newBuilder()
                .setCoordinatorSessionId(session)
                .setRegistrationId(registrationId)
                .build();
    }

    private static org.assertj.core.api.ThrowingConsumer<Throwable> refusedMentioning(
            String... words) {
        return thrown -> {
            assertThat(thrown).isInstanceOf(FencingTokenException.class);
            assertThat(thrown.getMessage()).contains(words);
        };
    }
}
