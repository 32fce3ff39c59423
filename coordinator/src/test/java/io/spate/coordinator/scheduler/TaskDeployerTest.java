package io.spate.coordinator.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.spate.clock.ManualClock;
import io.spate.coordinator.executiongraph.ExecutionGraph;
import io.spate.coordinator.executiongraph.ExecutionState;
import io.spate.coordinator.executiongraph.ExecutionVertex;
import io.spate.coordinator.resourcemanager.AllocatedSlot;
import io.spate.coordinator.resourcemanager.SlotId;
import io.spate.coordinator.rpc.gateway.TestingExecutorGateway;
import io.spate.jobspec.JobGraphCompiler;
import io.spate.jobspec.JobSpecFormat;
import io.spate.jobspec.JobSpecParser;
import io.spate.rpc.HostAndPort;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.CancelTaskRequest;
import io.spate.rpc.proto.CoordinatorFencing;
import io.spate.rpc.proto.SubmitTaskRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Submitting a job's tasks and cancelling them: answers, unreachable executors, the timeout. */
class TaskDeployerTest {

    private static final String JOB = "job-1";
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(10);

    /** words ─HASH▶ counts -> log, parallelism 2: four tasks. */
    private static final String SPEC =
            """
      name: words
      parallelism: 2
      pipeline:
        transforms:
          - {name: words, type: Words, config: {count: 100}}
          - {name: byWord, type: KeyBy, config: {field: word}}
          - {name: counts, type: RunningCount}
          - {name: log, type: Log}
      """;

    private final ManualClock clock = new ManualClock();
    private final List<SubmitTaskRequest> submitted = new ArrayList<>();
    private final List<CancelTaskRequest> cancelled = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final AtomicInteger givenUp = new AtomicInteger();
    private ExecutionGraph executions;
    private TaskDeployer deployer;

    @BeforeEach
    void setUp() throws Exception {
        AtomicInteger ids = new AtomicInteger();
        executions =
                new ExecutionGraph(
                        JobGraphCompiler.compile(JobSpecParser.parse(SPEC, JobSpecFormat.YAML)),
                        () -> "attempt-" + ids.incrementAndGet());
        deployer =
                new TaskDeployer(
                        JOB,
                        executions,
                        "/checkpoints",
                        Duration.ofSeconds(5),
                        CANCEL_TIMEOUT,
                        clock,
                        Runnable::run,
                        (task, cause) -> failures.add(task.taskName() + ": " + cause),
                        givenUp::incrementAndGet);
    }

    private TestingExecutorGateway gateway(
            CompletableFuture<Ack> submitAnswer, CompletableFuture<Ack> cancelAnswer) {
        return TestingExecutorGateway.builder()
                .submitTask(
                        r -> {
                            submitted.add(r);
                            return submitAnswer;
                        })
                .cancelTask(
                        r -> {
                            cancelled.add(r);
                            return cancelAnswer;
                        })
                .build();
    }

    private static CompletableFuture<Ack> accepted() {
        return CompletableFuture.completedFuture(Ack.newBuilder().setAccepted(true).build());
    }

    /** Subtask i of every vertex into a slot of executor "e<i>". */
    private void assignSlots(TestingExecutorGateway e0, TestingExecutorGateway e1) {
        for (ExecutionVertex task : executions.all()) {
            String executor = "e" + task.subtaskIndex();
            task.assign(
                    new AllocatedSlot(
                            new SlotId(executor, 0),
                            new HostAndPort(executor + ".host", 8082),
                            new HostAndPort(executor + ".host", 7000),
                            task.subtaskIndex() == 0 ? e0 : e1,
                            CoordinatorFencing.newBuilder()
                                    .setRegistrationId("reg-" + executor)
                                    .build()));
        }
    }

    @Test
    void deploysEveryTaskAtOnceWithTheFencingOfItsSlot() {
        assignSlots(gateway(accepted(), accepted()), gateway(accepted(), accepted()));

        deployer.deployAll(null);

        assertThat(submitted).hasSize(4);
        assertThat(submitted)
                .allSatisfy(
                        r ->
                                assertThat(r.getFencing().getRegistrationId())
                                        .isEqualTo("reg-e" + r.getTask().getSubtaskIndex()));
        assertThat(executions.all())
                .allSatisfy(t -> assertThat(t.state()).isEqualTo(ExecutionState.DEPLOYING));
        assertThat(failures).isEmpty();
    }

    @Test
    void aRefusedSubmissionFailsThatTaskNamingItsExecutor() {
        CompletableFuture<Ack> refused =
                CompletableFuture.completedFuture(
                        Ack.newBuilder().setAccepted(false).setDetail("no such slot").build());
        assignSlots(gateway(accepted(), accepted()), gateway(refused, accepted()));

        deployer.deployAll(null);

        assertThat(failures)
                .containsExactly(
                        "words (2/2): could not deploy words (2/2) to executor e1 at"
                                + " e1.host:8082: refused: no such slot",
                        "counts -> log (2/2): could not deploy counts -> log (2/2) to executor e1 at"
                                + " e1.host:8082: refused: no such slot");
        assertThat(executions.all())
                .filteredOn(t -> t.subtaskIndex() == 1)
                .allSatisfy(t -> assertThat(t.state()).isEqualTo(ExecutionState.FAILED));
    }

    @Test
    void cancelEndsUndeployedTasksAtOnceAndGivesUpOnSilentExecutorsAtTheTimeout() {
        assignSlots(
                gateway(accepted(), new CompletableFuture<>()),
                gateway(accepted(), new CompletableFuture<>()));
        deployer.deployAll(null);
        executions.all().getLast().transitionTo(ExecutionState.CREATED); // as if never submitted

        deployer.cancelAll();

        assertThat(executions.all().getLast().state()).isEqualTo(ExecutionState.CANCELED);
        assertThat(cancelled).hasSize(3);
        clock.advance(CANCEL_TIMEOUT.minusNanos(1));
        deployer.tick();
        assertThat(givenUp).hasValue(0);

        clock.advance(Duration.ofNanos(1));
        deployer.tick();

        assertThat(givenUp).hasValue(1);
        assertThat(executions.alive()).isEmpty();
    }

    @Test
    void anUnreachableExecutorsTasksCountAsCanceledAtOnce() {
        CompletableFuture<Ack> unreachable =
                CompletableFuture.failedFuture(
                        Status.UNAVAILABLE
                                .withDescription("connection refused")
                                .asRuntimeException());
        CompletableFuture<Ack> otherFailure =
                CompletableFuture.failedFuture(
                        Status.DEADLINE_EXCEEDED.withDescription("slow").asRuntimeException());
        assignSlots(gateway(accepted(), otherFailure), gateway(accepted(), unreachable));
        deployer.deployAll(null);

        deployer.cancelAll();

        assertThat(executions.all())
                .allSatisfy(
                        t ->
                                assertThat(t.state())
                                        .isEqualTo(
                                                t.subtaskIndex() == 1
                                                        ? ExecutionState.CANCELED
                                                        : ExecutionState.CANCELING));
        assertThat(givenUp).as("once per unreachable task").hasValue(2);
    }
}
