package io.spate.coordinator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.clock.ManualClock;
import io.spate.coordinator.executiongraph.ExecutionGraph;
import io.spate.coordinator.executiongraph.ExecutionVertex;
import io.spate.coordinator.resourcemanager.AllocatedSlot;
import io.spate.coordinator.resourcemanager.SlotId;
import io.spate.coordinator.rpc.gateway.TestingExecutorGateway;
import io.spate.jobspec.JobGraphCompiler;
import io.spate.jobspec.JobSpecFormat;
import io.spate.jobspec.JobSpecParser;
import io.spate.rpc.HostAndPort;
import io.spate.rpc.proto.CoordinatorFencing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Waiting for a job's slots: asking again, the slot timeout, slot sharing, late answers. */
class SlotAllocatorTest {

    private static final String JOB = "job-1";
    private static final Duration SLOT_TIMEOUT = Duration.ofSeconds(30);

    /** words (parallelism 2) -> log (parallelism 1): the job needs two slots. */
    private static final String SPEC =
            """
      name: two-vertices
      parallelism: 2
      pipeline:
        transforms:
          - {name: words, type: Words, config: {count: 100}}
          - {name: log, type: Log, parallelism: 1}
      """;

    private final ManualClock clock = new ManualClock();
    private final TestingSlotProvider provider = new TestingSlotProvider();
    private final List<String> events = new ArrayList<>();
    private ExecutionGraph executions;
    private SlotAllocator slots;

    @BeforeEach
    void setUp() throws Exception {
        AtomicInteger ids = new AtomicInteger();
        executions =
                new ExecutionGraph(
                        JobGraphCompiler.compile(JobSpecParser.parse(SPEC, JobSpecFormat.YAML)),
                        () -> "attempt-" + ids.incrementAndGet());
        slots =
                new SlotAllocator(
                        JOB,
                        executions,
                        provider,
                        SLOT_TIMEOUT,
                        clock,
                        Runnable::run,
                        () -> events.add("assigned"),
                        cause -> events.add("timed out: " + cause),
                        () -> events.add("late slots released"));
    }

    private static AllocatedSlot slot(String executor, int index) {
        return new AllocatedSlot(
                new SlotId(executor, index),
                new HostAndPort(executor + ".host", 8082),
                new HostAndPort(executor + ".host", 7000),
                TestingExecutorGateway.builder().build(),
                CoordinatorFencing.newBuilder().setRegistrationId("reg-" + executor).build());
    }

    @Test
    void onceEverySlotArrivedSubtaskIOfEveryVertexGoesToSlotI() {
        provider.free.add(slot("e1", 3));
        provider.free.add(slot("e2", 0));

        slots.allocate();

        assertThat(events).containsExactly("assigned");
        assertThat(slots.isWaiting()).isFalse();
        for (ExecutionVertex task : executions.all()) {
            assertThat(task.slot().executorId()).isEqualTo(task.subtaskIndex() == 0 ? "e1" : "e2");
        }
    }

    @Test
    void asksAgainOnEachTickAndGivesUpExactlyAtTheSlotTimeout() {
        provider.free.add(slot("e1", 0));
        slots.allocate();
        clock.advance(SLOT_TIMEOUT.minusNanos(1));
        slots.tick();
        assertThat(provider.requests).isEqualTo(2);
        assertThat(events).isEmpty();

        clock.advance(Duration.ofNanos(1));
        slots.tick();

        assertThat(events)
                .containsExactly(
                        "timed out: not enough slots: job needs 2, cluster has 1 free"
                                + " (waited 30000 ms, spate.scheduler.slot-timeout)");
        assertThat(provider.released).containsExactly(JOB);
        assertThat(slots.isWaiting()).isFalse();
        assertThat(executions.all()).allSatisfy(t -> assertThat(t.slot()).isNull());
    }

    @Test
    void slotsThatArriveAfterTheJobStoppedWaitingAreReleasedNotAssigned() {
        CompletableFuture<List<AllocatedSlot>> answer = new CompletableFuture<>();
        provider.pending = answer;
        slots.allocate();
        slots.tick();
        assertThat(provider.requests).as("one request at a time").isEqualTo(1);
        slots.stopWaiting();
        assertThat(slots.isAllocationInFlight()).isTrue();

        answer.complete(List.of(slot("e1", 0), slot("e2", 0)));

        assertThat(events).containsExactly("late slots released");
        assertThat(provider.released).containsExactly(JOB);
        assertThat(slots.isAllocationInFlight()).isFalse();
        assertThat(executions.all()).allSatisfy(t -> assertThat(t.slot()).isNull());
    }

    @Test
    void probesEveryExecutorTheJobsTasksWereDeployedTo() {
        slots.probeExecutors();
        assertThat(provider.probed).as("nothing deployed yet").isEmpty();

        provider.free.add(slot("e1", 0));
        provider.free.add(slot("e2", 0));
        slots.allocate();
        slots.probeExecutors();

        assertThat(provider.probed).containsExactly(Set.of("e1", "e2"));
    }
}
