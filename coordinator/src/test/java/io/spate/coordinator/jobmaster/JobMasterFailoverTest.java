package io.spate.coordinator.jobmaster;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.spate.clock.ManualClock;
import io.spate.coordinator.checkpoint.TestingCheckpointStorage;
import io.spate.coordinator.executiongraph.ExecutionGraph;
import io.spate.coordinator.executiongraph.ExecutionVertex;
import io.spate.coordinator.resourcemanager.ExecutorLost;
import io.spate.coordinator.rpc.gateway.TestingExecutorGateway;
import io.spate.coordinator.scheduler.TestingSlotProvider;
import io.spate.jobgraph.JobGraph;
import io.spate.jobspec.JobGraphCompiler;
import io.spate.jobspec.JobSpecFormat;
import io.spate.jobspec.JobSpecParser;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.CancelTaskRequest;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import io.spate.rpc.proto.ExecutorFencing;
import io.spate.rpc.proto.NotifyCheckpointCompleteRequest;
import io.spate.rpc.proto.SubmitTaskRequest;
import io.spate.rpc.proto.TaskDeploymentDescriptor;
import io.spate.rpc.proto.TaskState;
import io.spate.rpc.proto.TaskStateUpdate;
import io.spate.rpc.proto.TriggerCheckpointRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints through the job master, and failover: RESTARTING, cancel, delay, new attempts
 * restoring the latest completed checkpoint; attempts exhausted; stale attempts ignored.
 */
class JobMasterFailoverTest {

    private static final String JOB = "0123456789abcdef0123456789abcdef";
    private static final Duration DELAY = Duration.ofMillis(200);

    /** words ─HASH▶ counts -> files, parallelism 2, checkpoints every second, 2 restarts. */
    private static final String WORDCOUNT =
            """
      name: wordcount
      parallelism: 2
      checkpoints: {interval: 1s}
      restart: {attempts: 2, delay: 200ms}
      pipeline:
        transforms:
          - {name: words, type: Words, config: {count: 100}}
          - {name: byWord, type: KeyBy, config: {field: word}}
          - {name: counts, type: RunningCount}
          - {name: files, type: WriteToFiles, config: {path: out}}
      """;

    private final ManualClock clock = new ManualClock();
    private final TestingSlotProvider slots = new TestingSlotProvider();
    private final RecordingJobMasterListener listener = new RecordingJobMasterListener();
    private final TestingCheckpointStorage storage = new TestingCheckpointStorage();
    private final List<SubmitTaskRequest> submitted = new ArrayList<>();
    private final List<CancelTaskRequest> cancelled = new ArrayList<>();
    private final List<TriggerCheckpointRequest> triggered = new ArrayList<>();
    private final List<NotifyCheckpointCompleteRequest> notified = new ArrayList<>();
    private JobGraph graph;
    private ExecutionGraph executions;
    private JobMaster jobMaster;

    @BeforeEach
    void setUp() throws Exception {
        graph = JobGraphCompiler.compile(JobSpecParser.parse(WORDCOUNT, JobSpecFormat.YAML));
        AtomicInteger ids = new AtomicInteger();
        executions = new ExecutionGraph(graph, () -> String.format("%032x", ids.incrementAndGet()));
        jobMaster =
                new JobMaster(
                        JOB,
                        executions,
                        new JobMasterSettings(
                                Duration.ofSeconds(30),
                                Duration.ofSeconds(10),
                                Duration.ofSeconds(5),
                                "/shared/checkpoints"),
                        slots,
                        Runnable::run,
                        clock,
                        listener,
                        RestartPolicy.fixedDelay(graph.restart()),
                        storage,
                        io.spate.coordinator.checkpoint.CheckpointMetrics.NONE);
    }

    private TestingExecutorGateway gateway(
            Function<CancelTaskRequest, CompletableFuture<Ack>> onCancel) {
        return TestingExecutorGateway.builder()
                .submitTask(
                        r -> {
                            submitted.add(r);
                            return accepted();
                        })
                .cancelTask(
                        r -> {
                            cancelled.add(r);
                            return onCancel.apply(r);
                        })
                .triggerCheckpoint(
                        r -> {
                            triggered.add(r);
                            return accepted();
                        })
                .notifyCheckpointComplete(
                        r -> {
                            notified.add(r);
                            return accepted();
                        })
                .build();
    }

    private static CompletableFuture<Ack> accepted() {
        return JobMasterFixtures.accepted();
    }

    private void addSlot(String executor, int index, TestingExecutorGateway gateway) {
        slots.free.add(JobMasterFixtures.slot(executor, index, gateway));
    }

    private void twoExecutors() {
        addSlot("e1", 0, gateway(r -> accepted()));
        addSlot("e2", 0, gateway(r -> accepted()));
    }

    private static TaskStateUpdate update(ExecutionVertex task, TaskState state) {
        return JobMasterFixtures.update(JOB, task, state);
    }

    private void reportAll(TaskState state) {
        for (ExecutionVertex task : executions.all()) {
            jobMaster.onTaskState(update(task, state));
        }
    }

    private void tick(Duration d) {
        clock.advance(d);
        jobMaster.tick();
    }

    private void ackAll(long checkpointId) {
        for (ExecutionVertex task : executions.all()) {
            boolean accepted =
                    jobMaster.onCheckpointAcknowledged(
                            AcknowledgeCheckpointRequest.newBuilder()
                                    .setFencing(JobMasterFixtures.fencing(task))
                                    .setJobId(JOB)
                                    .setExecutionAttemptId(task.attemptId())
                                    .setCheckpointId(checkpointId)
                                    .setStateHandle(
                                            JOB
                                                    + "/chk-"
                                                    + checkpointId
                                                    + "/"
                                                    + task.jobVertex().id()
                                                    + "-"
                                                    + task.subtaskIndex()
                                                    + ".state")
                                    .setStateSize(10)
                                    .build());
            assertThat(accepted).isTrue();
        }
    }

    private List<TaskDeploymentDescriptor> lastDeployment() {
        return submitted.subList(submitted.size() - executions.size(), submitted.size()).stream()
                .map(SubmitTaskRequest::getTask)
                .toList();
    }

    private void runningWithCheckpoint1() {
        twoExecutors();
        jobMaster.start();
        reportAll(TaskState.RUNNING);
        tick(Duration.ofSeconds(1));
        assertThat(triggered)
                .extracting(TriggerCheckpointRequest::getCheckpointId)
                .containsExactly(1L, 1L);
        ackAll(1);
        assertThat(notified)
                .extracting(NotifyCheckpointCompleteRequest::getCheckpointId)
                .containsExactly(1L, 1L); // once per executor
    }

    @Test
    void checkpointsAreTriggeredAtTheSourcesAndNotifiedPerExecutor() {
        runningWithCheckpoint1();
        assertThat(triggered)
                .allSatisfy(
                        t ->
                                assertThat(
                                                executions
                                                        .currentAttempt(t.getExecutionAttemptId())
                                                        .jobVertex()
                                                        .name())
                                        .isEqualTo("words"));
        assertThat(notified).noneMatch(NotifyCheckpointCompleteRequest::getFinalCheckpoint);
        assertThat(jobMaster.checkpointStats().completed()).isEqualTo(1);
        assertThat(storage.stored).hasSize(1);
    }

    @Test
    void aTaskFailureRestartsEveryTaskFromTheLatestCheckpoint() {
        runningWithCheckpoint1();
        ExecutionVertex failing = executions.all().get(2);
        Set<String> oldAttempts =
                Set.copyOf(executions.all().stream().map(ExecutionVertex::attemptId).toList());

        jobMaster.onTaskState(
                update(failing, TaskState.FAILED).toBuilder().setFailure("boom").build());
        assertThat(jobMaster.status()).isEqualTo(JobStatus.RESTARTING);
        assertThat(slots.probed)
                .as("every executor of the job is checked at once")
                .containsExactly(Set.of("e1", "e2"));
        assertThat(cancelled).hasSize(3); // the others
        int deployedBefore = submitted.size();

        for (ExecutionVertex task : executions.all()) {
            if (task != failing) {
                jobMaster.onTaskState(update(task, TaskState.CANCELED));
            }
        }
        tick(Duration.ofMillis(100));
        assertThat(submitted).as("waits for the restart delay").hasSize(deployedBefore);
        tick(DELAY);

        assertThat(jobMaster.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(slots.released).containsExactly(JOB);
        List<TaskDeploymentDescriptor> redeployed = lastDeployment();
        assertThat(redeployed)
                .hasSize(4)
                .allSatisfy(
                        t -> {
                            assertThat(oldAttempts).doesNotContain(t.getExecutionAttemptId());
                            assertThat(t.getAttemptNumber()).isEqualTo(1);
                            assertThat(t.getRestoreCheckpointId()).isEqualTo(1);
                            assertThat(t.getRestoreStateHandle())
                                    .isEqualTo(
                                            JOB
                                                    + "/chk-1/"
                                                    + t.getVertexId()
                                                    + "-"
                                                    + t.getSubtaskIndex()
                                                    + ".state");
                        });
        assertThat(jobMaster.checkpointStats().restored()).isEqualTo(1);
        assertThat(jobMaster.checkpointStats().latestRestoredId()).isEqualTo(1);
        assertThat(jobMaster.exceptions().rootException()).isEqualTo("boom");
        assertThat(listener.statuses)
                .containsExactly(
                        JobStatus.CREATED,
                        JobStatus.RUNNING,
                        JobStatus.RESTARTING,
                        JobStatus.RUNNING);
    }

    @Test
    void withoutACompletedCheckpointTheRestartIsFresh() {
        twoExecutors();
        jobMaster.start();
        reportAll(TaskState.RUNNING);
        jobMaster.onExecutorLost(new ExecutorLost("e2", "heartbeat timeout", Set.of(JOB)));
        assertThat(jobMaster.status()).isEqualTo(JobStatus.RESTARTING);
        reportAll(TaskState.CANCELED);
        tick(DELAY);
        assertThat(jobMaster.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(lastDeployment())
                .allSatisfy(t -> assertThat(t.getRestoreCheckpointId()).isZero());
        assertThat(jobMaster.checkpointStats().restored()).isZero();
    }

    @Test
    void anUnreachableExecutorsTasksCountAsGoneAtOnce() {
        addSlot("e1", 0, gateway(r -> accepted()));
        addSlot(
                "e2",
                0,
                gateway(
                        r ->
                                CompletableFuture.failedFuture(
                                        Status.UNAVAILABLE
                                                .withDescription("connection refused")
                                                .asRuntimeException())));
        jobMaster.start();
        reportAll(TaskState.RUNNING);
        ExecutionVertex onE1 = executions.all().getFirst();
        jobMaster.onTaskState(
                update(onE1, TaskState.FAILED).toBuilder()
                        .setFailure("connection to e2 reset")
                        .build());
        for (ExecutionVertex task : executions.all()) {
            if (task.slot().executorId().equals("e1") && task != onE1) {
                jobMaster.onTaskState(update(task, TaskState.CANCELED));
            }
        }
        // e2 never answers its cancels, yet the restart need not wait for the cancel timeout.
        tick(DELAY);
        assertThat(jobMaster.status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void restartAttemptsExhausted_theJobFailsWithTheLastCause() {
        twoExecutors();
        jobMaster.start();
        for (int restart = 1; restart <= 3; restart++) {
            reportAll(TaskState.RUNNING);
            ExecutionVertex first = executions.all().getFirst();
            jobMaster.onTaskState(
                    update(first, TaskState.FAILED).toBuilder()
                            .setFailure("failure " + restart)
                            .build());
            for (ExecutionVertex task : executions.all()) {
                if (task != first) {
                    jobMaster.onTaskState(update(task, TaskState.CANCELED));
                }
            }
            tick(DELAY);
        }
        assertThat(jobMaster.status()).isEqualTo(JobStatus.FAILED);
        assertThat(jobMaster.exceptions().rootException()).isEqualTo("failure 3");
        assertThat(jobMaster.exceptions().all())
                .extracting(ExceptionEntry::exception)
                .contains("failure 1", "failure 2", "failure 3");
        assertThat(listener.archived).hasSize(1);
    }

    @Test
    void updatesAndAcksOfTheOldAttemptAreIgnored() {
        runningWithCheckpoint1();
        List<ExecutionVertex> tasks = executions.all();
        List<TaskStateUpdate> old = tasks.stream().map(t -> update(t, TaskState.FAILED)).toList();
        jobMaster.onTaskState(old.getFirst());
        for (ExecutionVertex task : tasks.subList(1, tasks.size())) {
            jobMaster.onTaskState(update(task, TaskState.CANCELED));
        }
        tick(DELAY);
        assertThat(jobMaster.status()).isEqualTo(JobStatus.RUNNING);

        assertThat(jobMaster.onTaskState(old.get(1))).as("FAILED of an old attempt").isFalse();
        assertThat(jobMaster.status()).isEqualTo(JobStatus.RUNNING);
        boolean staleAck =
                jobMaster.onCheckpointAcknowledged(
                        AcknowledgeCheckpointRequest.newBuilder()
                                .setFencing(old.get(1).getFencing())
                                .setJobId(JOB)
                                .setExecutionAttemptId(old.get(1).getExecutionAttemptId())
                                .setCheckpointId(2)
                                .build());
        assertThat(staleAck).isFalse();
    }

    @Test
    void acksAndDeclinesFromAnotherRegistrationAreIgnored() {
        twoExecutors();
        jobMaster.start();
        reportAll(TaskState.RUNNING);
        tick(Duration.ofSeconds(1));
        ExecutionVertex source = executions.all().getFirst();
        ExecutorFencing stale =
                JobMasterFixtures.fencing(source).toBuilder().setRegistrationId("reg-old").build();

        assertThat(
                        jobMaster.onCheckpointDeclined(
                                DeclineCheckpointRequest.newBuilder()
                                        .setFencing(stale)
                                        .setJobId(JOB)
                                        .setExecutionAttemptId(source.attemptId())
                                        .setCheckpointId(1)
                                        .setReason("from before a re-registration")
                                        .build()))
                .isFalse();
        assertThat(
                        jobMaster.onCheckpointAcknowledged(
                                AcknowledgeCheckpointRequest.newBuilder()
                                        .setFencing(stale)
                                        .setJobId(JOB)
                                        .setExecutionAttemptId(source.attemptId())
                                        .setCheckpointId(1)
                                        .build()))
                .isFalse();
        assertThat(jobMaster.checkpointStats().failed()).isZero();
        assertThat(jobMaster.checkpointStats().inProgress()).isEqualTo(1);

        ackAll(1);
        assertThat(jobMaster.checkpointStats().completed()).isEqualTo(1);
    }

    @Test
    void notEnoughSlotsAfterALossWaitsThenCountsAsAnotherFailure() {
        addSlot("e1", 0, gateway(r -> accepted()));
        addSlot("e2", 0, gateway(r -> accepted()));
        jobMaster.start();
        reportAll(TaskState.RUNNING);
        slots.allocated.removeIf(s -> s.executorId().equals("e2")); // e2 is gone for good
        jobMaster.onExecutorLost(new ExecutorLost("e2", "heartbeat timeout", Set.of(JOB)));
        reportAll(TaskState.CANCELED);
        tick(DELAY);
        assertThat(jobMaster.status()).as("waits for slots").isEqualTo(JobStatus.RESTARTING);

        addSlot("e3", 0, gateway(r -> accepted())); // a new executor registers
        tick(Duration.ofMillis(100));
        assertThat(jobMaster.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(lastDeployment())
                .extracting(TaskDeploymentDescriptor::getSlotIndex)
                .containsOnly(0);
    }

    @Test
    void theFinalCheckpointLetsTheTasksFinish() {
        runningWithCheckpoint1();
        reportAll(TaskState.INPUT_ENDED);
        long finalId = triggered.getLast().getCheckpointId();
        assertThat(finalId).isEqualTo(2);
        assertThat(triggered).filteredOn(t -> t.getCheckpointId() == 2).hasSize(4); // every task
        ackAll(2);
        assertThat(notified)
                .filteredOn(n -> n.getCheckpointId() == 2)
                .allMatch(NotifyCheckpointCompleteRequest::getFinalCheckpoint)
                .hasSize(2);
        assertThat(jobMaster.status()).isEqualTo(JobStatus.RUNNING);
        reportAll(TaskState.FINISHED);
        assertThat(jobMaster.status()).isEqualTo(JobStatus.FINISHED);
        assertThat(listener.archived.getFirst().checkpoints().completed()).isEqualTo(2);
    }

    @Test
    void cancelWhileRestartingWaitingForSlots() {
        twoExecutors();
        jobMaster.start();
        reportAll(TaskState.RUNNING);
        slots.allocated.clear();
        jobMaster.onExecutorLost(new ExecutorLost("e1", "lost", Set.of(JOB)));
        jobMaster.onExecutorLost(new ExecutorLost("e2", "lost", Set.of(JOB)));
        tick(DELAY);
        assertThat(jobMaster.status()).isEqualTo(JobStatus.RESTARTING);
        assertThat(jobMaster.cancel()).isEqualTo(CancelOutcome.ACCEPTED);
        assertThat(jobMaster.status()).isEqualTo(JobStatus.CANCELED);
    }
}
