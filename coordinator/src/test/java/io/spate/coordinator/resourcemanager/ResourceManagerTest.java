package io.spate.coordinator.resourcemanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spate.clock.ManualClock;
import io.spate.coordinator.rpc.gateway.TestingExecutorGateway;
import io.spate.rpc.HostAndPort;
import io.spate.rpc.proto.ExecutorFencing;
import io.spate.rpc.proto.HeartbeatRequest;
import io.spate.rpc.proto.HeartbeatResponse;
import io.spate.rpc.proto.RegisterExecutorRequest;
import io.spate.rpc.proto.RegisterExecutorResponse;
import io.spate.rpc.proto.SlotStatus;
import io.spate.rpc.proto.TaskState;
import io.spate.rpc.proto.TaskStateUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ResourceManagerTest {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ManualClock clock = new ManualClock();
    private final QueuedExecutor mainThread = new QueuedExecutor();
    private final RecordingEvents events = new RecordingEvents();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger ids = new AtomicInteger();

    /** The gateway the next connect() hands out; defaults to a healthy executor. */
    private Function<HostAndPort, TestingExecutorGateway> gatewayFor =
            a -> TestingExecutorGateway.builder().build();

    private final List<TestingExecutorGateway> connected = new ArrayList<>();

    private final ResourceManager rm =
            new ResourceManager(
                    INTERVAL,
                    TIMEOUT,
                    clock,
                    address -> {
                        TestingExecutorGateway g = gatewayFor.apply(address);
                        connected.add(g);
                        return g;
                    },
                    mainThread,
                    events,
                    meters,
                    () -> "id-" + ids.incrementAndGet());

    private static RegisterExecutorRequest registration(String executorId, int slots) {
        return RegisterExecutorRequest.newBuilder()
                .setExecutorId(executorId)
                .setGrpcHost("127.0.0.1")
                .setGrpcPort(9000)
                .setDataHost("127.0.0.1")
                .setDataPort(9100)
                .setSlots(slots)
                .build();
    }

    private static TaskStateUpdate taskUpdate(String executorId, String registrationId) {
        return TaskStateUpdate.newBuilder()
                .setFencing(
                        ExecutorFencing.newBuilder()
                                .setExecutorId(executorId)
                                .setRegistrationId(registrationId))
                .setJobId("job")
                .setState(TaskState.RUNNING)
                .build();
    }

    /** One heartbeat round after {@code by}, with its replies processed on the "loop". */
    private void tickAfter(Duration by) {
        clock.advance(by);
        rm.heartbeatTick();
        mainThread.runAll();
    }

    private static <T> CompletableFuture<T> failed(Status status) {
        return CompletableFuture.failedFuture(status.asRuntimeException());
    }

    @Test
    void registrationAnswersSessionTimingAndAFreshRegistrationId() {
        RegisterExecutorResponse first = rm.register(registration("e1", 2));
        RegisterExecutorResponse second = rm.register(registration("e2", 3));

        assertThat(first.getCoordinatorSessionId()).isEqualTo(rm.sessionId());
        assertThat(first.getHeartbeatIntervalMs()).isEqualTo(1000);
        assertThat(first.getHeartbeatTimeoutMs()).isEqualTo(5000);
        assertThat(first.getRegistrationId()).isNotEqualTo(second.getRegistrationId());
        assertThat(rm.overview()).isEqualTo(new ClusterOverview(2, 5, 5));
        assertThat(meters.get("spate.executors.registered").gauge().value()).isEqualTo(2.0);
        assertThat(meters.get("spate.slots.total").gauge().value()).isEqualTo(5.0);
    }

    @Test
    void reRegisteredExecutorReplacesItsOldRegistration() {
        String old = rm.register(registration("e1", 2)).getRegistrationId();
        String current = rm.register(registration("e1", 4)).getRegistrationId();

        assertThat(current).isNotEqualTo(old);
        assertThat(rm.overview()).isEqualTo(new ClusterOverview(1, 4, 4));
        assertThat(connected.get(0).isClosed()).isTrue();
        assertThat(connected.get(1).isClosed()).isFalse();
        assertThat(events.lost).as("re-registration is not a loss").isEmpty();
    }

    @Test
    void badRegistrationNamesEveryBadField() {
        RegisterExecutorRequest bad =
                RegisterExecutorRequest.newBuilder().setGrpcPort(70000).setSlots(-1).build();

        assertThatThrownBy(() -> rm.register(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("executor_id: required")
                .hasMessageContaining("grpc address")
                .hasMessageContaining("slots: must not be negative");
        assertThat(rm.overview().executors()).isZero();
    }

    @Test
    void silentExecutorIsLostExactlyAtTheTimeoutAndNotBefore() {
        gatewayFor =
                a ->
                        TestingExecutorGateway.builder()
                                .heartbeat(r -> new CompletableFuture<>())
                                .build();
        rm.register(registration("e1", 2));
        String job = "job-1";
        rm.allocateSlots(job, 1);

        for (int i = 0; i < 4; i++) {
            tickAfter(INTERVAL);
        }
        tickAfter(INTERVAL.minusNanos(1)); // 4.999999999 s without an answer
        assertThat(rm.executor("e1")).isPresent();
        assertThat(events.lost).isEmpty();

        tickAfter(Duration.ofNanos(1)); // exactly 5 s
        assertThat(rm.executor("e1")).isEmpty();
        assertThat(events.lost)
                .singleElement()
                .satisfies(
                        lost -> {
                            assertThat(lost.executorId()).isEqualTo("e1");
                            assertThat(lost.reason()).contains("no heartbeat reply");
                            assertThat(lost.jobsWithSlots()).containsExactly(job);
                        });
        assertThat(rm.overview()).isEqualTo(new ClusterOverview(0, 0, 0));
        assertThat(connected.get(0).isClosed()).isTrue();
    }

    @Test
    void answeringExecutorStaysAndItsRoundTripIsRecorded() {
        List<HeartbeatRequest> seen = new ArrayList<>();
        gatewayFor =
                a ->
                        TestingExecutorGateway.builder()
                                .heartbeat(
                                        r -> {
                                            seen.add(r);
                                            clock.advance(
                                                    Duration.ofMillis(2)); // the network takes 2 ms
                                            return CompletableFuture.completedFuture(
                                                    HeartbeatResponse.newBuilder()
                                                            .setSequence(r.getSequence())
                                                            .build());
                                        })
                                .build();
        String registrationId = rm.register(registration("e1", 2)).getRegistrationId();

        for (int i = 0; i < 30; i++) {
            tickAfter(INTERVAL);
        }

        assertThat(rm.executor("e1")).isPresent();
        assertThat(events.lost).isEmpty();
        assertThat(seen).hasSize(30);
        assertThat(seen.get(29).getSequence()).isEqualTo(30);
        assertThat(seen.get(0).getFencing().getCoordinatorSessionId()).isEqualTo(rm.sessionId());
        assertThat(seen.get(0).getFencing().getRegistrationId()).isEqualTo(registrationId);
        assertThat(rm.executors().get(0).lastRttMicros()).isEqualTo(2000);
        assertThat(meters.get("spate.heartbeat.rtt").timer().count()).isEqualTo(30);
    }

    @Test
    void eachExecutorIsAskedOnItsOwnBeat() {
        List<String> asked = new ArrayList<>();
        gatewayFor =
                a ->
                        TestingExecutorGateway.builder()
                                .heartbeat(
                                        r -> {
                                            asked.add(r.getFencing().getRegistrationId());
                                            return CompletableFuture.completedFuture(
                                                    HeartbeatResponse.getDefaultInstance());
                                        })
                                .build();
        String early = rm.register(registration("early", 1)).getRegistrationId();
        clock.advance(Duration.ofMillis(500));
        String late = rm.register(registration("late", 1)).getRegistrationId();

        tickAfter(Duration.ofMillis(499)); // t = 999 ms: nobody is due
        assertThat(asked).isEmpty();
        tickAfter(Duration.ofMillis(1)); // t = 1000 ms
        assertThat(asked).containsExactly(early);
        tickAfter(Duration.ofMillis(500)); // t = 1500 ms
        assertThat(asked).containsExactly(early, late);
        tickAfter(Duration.ofMillis(500)); // t = 2000 ms
        assertThat(asked).containsExactly(early, late, early);
        assertThat(rm.tickPeriod()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void heartbeatIsNotSentAgainWhileOneIsInFlight() {
        AtomicInteger sent = new AtomicInteger();
        gatewayFor =
                a ->
                        TestingExecutorGateway.builder()
                                .heartbeat(
                                        r -> {
                                            sent.incrementAndGet();
                                            return new CompletableFuture<>();
                                        })
                                .build();
        rm.register(registration("e1", 1));

        tickAfter(INTERVAL);
        tickAfter(INTERVAL);
        tickAfter(INTERVAL);

        assertThat(sent).hasValue(1);
    }

    @Test
    void staleSessionReplyRemovesTheExecutorAtOnce() {
        gatewayFor =
                a ->
                        TestingExecutorGateway.builder()
                                .heartbeat(
                                        r ->
                                                failed(
                                                        Status.FAILED_PRECONDITION.withDescription(
                                                                "stale session")))
                                .build();
        rm.register(registration("e1", 2));

        tickAfter(INTERVAL);

        assertThat(rm.executor("e1")).isEmpty();
        assertThat(events.lost)
                .singleElement()
                .satisfies(
                        l ->
                                assertThat(l.reason())
                                        .contains("refused our session")
                                        .contains("stale session"));
    }

    @Test
    void unreachableExecutorIsLostWithoutWaitingForTheTimeout() {
        gatewayFor =
                a ->
                        TestingExecutorGateway.builder()
                                .heartbeat(
                                        r ->
                                                failed(
                                                        Status.UNAVAILABLE.withDescription(
                                                                "Connection refused")))
                                .build();
        rm.register(registration("e1", 2));

        tickAfter(INTERVAL);

        assertThat(rm.executor("e1")).isEmpty();
        assertThat(events.lost)
                .singleElement()
                .satisfies(
                        l ->
                                assertThat(l.reason())
                                        .contains("unreachable")
                                        .contains("Connection refused"));
    }

    @Test
    void aProbeAsksAtOnce_soAnUnreachableExecutorIsLostBeforeItsNextHeartbeat() {
        rm.register(registration("e2", 2)); // healthy
        gatewayFor =
                a ->
                        TestingExecutorGateway.builder()
                                .heartbeat(
                                        r ->
                                                failed(
                                                        Status.UNAVAILABLE.withDescription(
                                                                "Connection refused")))
                                .build();
        rm.register(registration("e1", 2)); // its process is gone

        rm.probe(java.util.List.of("e1", "e2", "unknown")); // no time has passed: nothing was due
        mainThread.runAll();

        assertThat(rm.executor("e1")).isEmpty();
        assertThat(rm.executor("e2")).as("answers, so it stays").isPresent();
        assertThat(events.lost)
                .singleElement()
                .satisfies(l -> assertThat(l.executorId()).isEqualTo("e1"));
    }

    @Test
    void otherHeartbeatFailuresLeaveTheDecisionToTheTimeout() {
        gatewayFor =
                a ->
                        TestingExecutorGateway.builder()
                                .heartbeat(r -> failed(Status.DEADLINE_EXCEEDED))
                                .build();
        rm.register(registration("e1", 2));

        for (int i = 0; i < 4; i++) {
            tickAfter(INTERVAL);
        }
        assertThat(rm.executor("e1")).isPresent();

        tickAfter(INTERVAL);
        assertThat(rm.executor("e1")).isEmpty();
        assertThat(events.lost)
                .singleElement()
                .satisfies(l -> assertThat(l.reason()).contains("no heartbeat reply"));
    }

    @Test
    void lateHeartbeatReplyOfAReplacedRegistrationIsIgnored() {
        Map<Integer, CompletableFuture<HeartbeatResponse>> pending = new HashMap<>();
        AtomicInteger gateways = new AtomicInteger();
        gatewayFor =
                a -> {
                    int n = gateways.incrementAndGet();
                    return TestingExecutorGateway.builder()
                            .heartbeat(
                                    r -> pending.computeIfAbsent(n, k -> new CompletableFuture<>()))
                            .build();
                };
        rm.register(registration("e1", 2));
        tickAfter(INTERVAL); // heartbeat 1 to the first registration, unanswered
        rm.register(registration("e1", 2));

        pending.get(1).completeExceptionally(Status.UNAVAILABLE.asRuntimeException());
        mainThread.runAll();

        assertThat(rm.executor("e1")).isPresent();
        assertThat(events.lost).isEmpty();
    }

    @Test
    void slotReportMarksSlotsTheExecutorRuns() {
        gatewayFor =
                a ->
                        TestingExecutorGateway.builder()
                                .heartbeat(
                                        r ->
                                                CompletableFuture.completedFuture(
                                                        HeartbeatResponse.newBuilder()
                                                                .addSlots(
                                                                        SlotStatus.newBuilder()
                                                                                .setIndex(0)
                                                                                .setJobId("job-x"))
                                                                .addSlots(
                                                                        SlotStatus.newBuilder()
                                                                                .setIndex(1))
                                                                .build()))
                                .build();
        rm.register(registration("e1", 2));

        tickAfter(INTERVAL);

        assertThat(rm.overview()).isEqualTo(new ClusterOverview(1, 2, 1));
        assertThat(rm.executors().get(0).freeSlots()).isEqualTo(1);
        assertThat(meters.get("spate.slots.free").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void closeReleasesEveryGateway() {
        rm.register(registration("e1", 1));
        rm.register(registration("e2", 1));

        rm.close();

        assertThat(connected).allMatch(TestingExecutorGateway::isClosed);
        assertThat(events.lost).isEmpty();
    }

    @Test
    void heartbeatTaskStatusesAreForwardedForTheJobMasters() {
        gatewayFor =
                a ->
                        TestingExecutorGateway.builder()
                                .heartbeat(
                                        r ->
                                                CompletableFuture.completedFuture(
                                                        HeartbeatResponse.newBuilder()
                                                                .setSequence(r.getSequence())
                                                                .addTasks(
                                                                        io.spate.rpc.proto
                                                                                .TaskStatus
                                                                                .newBuilder()
                                                                                .setExecutionAttemptId(
                                                                                        "attempt-1")
                                                                                .setState(
                                                                                        TaskState
                                                                                                .RUNNING)
                                                                                .setMetrics(
                                                                                        io.spate.rpc
                                                                                                .proto
                                                                                                .TaskMetrics
                                                                                                .newBuilder()
                                                                                                .setRecordsOut(
                                                                                                        42)))
                                                                .build()))
                                .build();
        rm.register(registration("e1", 2));

        tickAfter(INTERVAL);

        assertThat(events.taskStatuses)
                .singleElement()
                .satisfies(
                        s -> {
                            assertThat(s.executorId()).isEqualTo("e1");
                            assertThat(s.tasks())
                                    .singleElement()
                                    .satisfies(
                                            t ->
                                                    assertThat(t.getMetrics().getRecordsOut())
                                                            .isEqualTo(42));
                        });
    }

    @Test
    void allocatedSlotsCarryTheExecutorsAddressesGatewayAndFencing() {
        String registrationId = rm.register(registration("e1", 2)).getRegistrationId();

        List<AllocatedSlot> slots = rm.allocateSlots("job", 2);

        assertThat(slots)
                .hasSize(2)
                .allSatisfy(
                        s -> {
                            assertThat(s.executorId()).isEqualTo("e1");
                            assertThat(s.dataAddress().port()).isEqualTo(9100);
                            assertThat(s.grpcAddress().port()).isEqualTo(9000);
                            assertThat(s.gateway()).isSameAs(connected.get(0));
                            assertThat(s.fencing().getRegistrationId()).isEqualTo(registrationId);
                        });
        assertThat(slots).extracting(s -> s.slotId().index()).containsExactlyInAnyOrder(0, 1);
    }
}
