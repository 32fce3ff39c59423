package io.spate.coordinator.jobmaster;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.clock.ManualClock;
import io.spate.coordinator.checkpoint.TestingCheckpointStorage;
import io.spate.coordinator.executiongraph.ExecutionGraph;
import io.spate.coordinator.executiongraph.ExecutionState;
import io.spate.coordinator.executiongraph.ExecutionVertex;
import io.spate.coordinator.resourcemanager.AllocatedSlot;
import io.spate.coordinator.resourcemanager.ExecutorLost;
import io.spate.coordinator.rpc.gateway.TestingExecutorGateway;
import io.spate.coordinator.scheduler.TestingSlotProvider;
import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.JobVertex;
import io.spate.jobspec.JobGraphCompiler;
import io.spate.jobspec.JobSpecFormat;
import io.spate.jobspec.JobSpecParser;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.CancelTaskRequest;
import io.spate.rpc.proto.ExecutorFencing;
import io.spate.rpc.proto.InputGateDescriptor;
import io.spate.rpc.proto.InputLocation;
import io.spate.rpc.proto.SubmitTaskRequest;
import io.spate.rpc.proto.TaskDeploymentDescriptor;
import io.spate.rpc.proto.TaskMetrics;
import io.spate.rpc.proto.TaskState;
import io.spate.rpc.proto.TaskStateUpdate;
import io.spate.rpc.proto.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job master's scheduling and state machine, driven by a manual clock and testing gateways. */
class JobMasterTest {

    private static final String JOB = "0123456789abcdef0123456789abcdef";
    private static final Duration SLOT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(10);

    /**
     * words ─HASH(word)▶ counts -> files, and words ─FORWARD▶ log: three vertices, parallelism 2.
     */
    private static final String WORDCOUNT =
            """
      name: wordcount
      parallelism: 2
      pipeline:
        transforms:
          - {name: words, type: Words, config: {count: 100}}
          - {name: byWord, type: KeyBy, config: {field: word}}
          - {name: counts, type: RunningCount}
          - {name: files, type: WriteToFiles, config: {path: out}}
          - {name: log, type: Log, input: words}
      """;

    private final ManualClock clock = new ManualClock();
    private final TestingSlotProvider slots = new TestingSlotProvider();
    private final RecordingJobMasterListener listener = new RecordingJobMasterListener();
    private final List<SubmitTaskRequest> submitted = new ArrayList<>();
    private final List<CancelTaskRequest> cancelled = new ArrayList<>();
    private final TestingCheckpointStorage checkpointStorage = new TestingCheckpointStorage();
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
                                SLOT_TIMEOUT,
                                CANCEL_TIMEOUT,
                                Duration.ofSeconds(5),
                                "/shared/checkpoints"),
                        slots,
                        Runnable::run,
                        clock,
                        listener,
                        RestartPolicy.NEVER,
                        checkpointStorage,
                        io.spate.coordinator.checkpoint.CheckpointMetrics.NONE);
    }

    private TestingExecutorGateway recordingGateway() {
        return TestingExecutorGateway.builder()
                .submitTask(
                        r -> {
                            submitted.add(r);
                            return accepted();
                        })
                .cancelTask(
                        r -> {
                            cancelled.add(r);
                            return accepted();
                        })
                .build();
    }

    private static CompletableFuture<Ack> accepted() {
        return JobMasterFixtures.accepted();
    }

    private static AllocatedSlot slot(String executor, int index, TestingExecutorGateway gateway) {
        return JobMasterFixtures.slot(executor, index, gateway);
    }

    /** Two executors with one free slot each: e1 slot 3, e2 slot 0. */
    private void twoExecutors() {
        slots.free.add(slot("e1", 3, recordingGateway()));
        slots.free.add(slot("e2", 0, recordingGateway()));
    }

    private JobVertex vertex(String name) {
        return graph.vertices().stream()
                .filter(v -> v.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private ExecutionVertex task(String vertexName, int subtask) {
        return executions.subtasks(vertex(vertexName).id()).get(subtask);
    }

    private TaskDeploymentDescriptor descriptor(String vertexName, int subtask) {
        String attempt = task(vertexName, subtask).attemptId();
        return submitted.stream()
                .map(SubmitTaskRequest::getTask)
                .filter(t -> t.getExecutionAttemptId().equals(attempt))
                .findFirst()
                .orElseThrow();
    }

    private static TaskStateUpdate update(ExecutionVertex task, TaskState state) {
        return JobMasterFixtures.update(JOB, task, state);
    }

    private void report(TaskState state) {
        for (ExecutionVertex task : executions.all()) {
            jobMaster.onTaskState(update(task, state));
        }
    }

    private void running() {
        twoExecutors();
        jobMaster.start();
        report(TaskState.RUNNING);
        assertThat(jobMaster.status()).isEqualTo(JobStatus.RUNNING);
    }

    // ------------------------------------------------------------------ deployment

    @Test
    void slotSharingNeedsTheLargestParallelismAndPutsSubtaskIOfEveryVertexInSlotI() {
        twoExecutors();
        jobMaster.start();

        assertThat(jobMaster.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(submitted).hasSize(6); // 3 vertices x parallelism 2, all at once
        for (String v : List.of("words", "counts -> files", "log")) {
            assertThat(descriptor(v, 0).getSlotIndex()).isEqualTo(3);
            assertThat(task(v, 0).slot().executorId()).isEqualTo("e1");
            assertThat(descriptor(v, 1).getSlotIndex()).isEqualTo(0);
            assertThat(task(v, 1).slot().executorId()).isEqualTo("e2");
        }
        assertThat(submitted)
                .allSatisfy(
                        r ->
                                assertThat(r.getFencing().getRegistrationId())
                                        .isEqualTo(
                                                "reg-"
                                                        + (r.getTask().getSubtaskIndex() == 0
                                                                ? "e1"
                                                                : "e2")));
        assertThat(listener.deployedAttempts)
                .singleElement()
                .satisfies(a -> assertThat(a).hasSize(6));
    }

    @Test
    void descriptorCarriesTheJobTheTaskAndTheGraph() {
        twoExecutors();
        jobMaster.start();

        TaskDeploymentDescriptor tdd = descriptor("words", 1);
        assertThat(tdd.getJobId()).isEqualTo(JOB);
        assertThat(tdd.getJobName()).isEqualTo("wordcount");
        assertThat(tdd.getExecutionAttemptId()).matches("[0-9a-f]{32}");
        assertThat(tdd.getAttemptNumber()).isZero();
        assertThat(tdd.getVertexId()).isEqualTo(vertex("words").id());
        assertThat(tdd.getSubtaskIndex()).isEqualTo(1);
        assertThat(tdd.getParallelism()).isEqualTo(2);
        assertThat(tdd.getCheckpointsDir()).isEqualTo("/shared/checkpoints");
        assertThat(tdd.getInputsList()).as("a source reads nothing").isEmpty();
        assertThat(JobGraph.fromJson(tdd.getJobGraph().toByteArray())).isEqualTo(graph);
    }

    @Test
    void hashEdgeReadsEveryProducerLocallyOrRemotely() {
        twoExecutors();
        jobMaster.start();

        TaskDeploymentDescriptor counts0 = descriptor("counts -> files", 0);
        String countsId = vertex("counts -> files").id();
        InputGateDescriptor gate = counts0.getInputs(0);
        assertThat(counts0.getInputsList()).hasSize(1);
        assertThat(gate.getProducerVertexId()).isEqualTo(vertex("words").id());
        assertThat(gate.getPartitioning()).isEqualTo("hash");
        assertThat(gate.getProducersList())
                .extracting(
                        InputLocation::getProducerSubtask,
                        InputLocation::getPartitionId,
                        InputLocation::getExecutorId,
                        InputLocation::getDataHost,
                        InputLocation::getDataPort)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                0,
                                task("words", 0).attemptId() + "/" + countsId,
                                "e1",
                                "e1.host",
                                7000), // local: same executor
                        org.assertj.core.groups.Tuple.tuple(
                                1,
                                task("words", 1).attemptId() + "/" + countsId,
                                "e2",
                                "e2.host",
                                7000)); // remote
    }

    @Test
    void forwardEdgeReadsOnlyTheSameSubtaskWhichSlotSharingKeepsLocal() {
        twoExecutors();
        jobMaster.start();

        for (int i = 0; i < 2; i++) {
            InputGateDescriptor gate = descriptor("log", i).getInputs(0);
            assertThat(gate.getPartitioning()).isEqualTo("forward");
            assertThat(gate.getProducersList())
                    .singleElement()
                    .satisfies(
                            p -> {
                                assertThat(p.getPartitionId())
                                        .isEqualTo(
                                                task("words", 0 + p.getProducerSubtask())
                                                                .attemptId()
                                                        + "/"
                                                        + vertex("log").id());
                                assertThat(p.getExecutorId())
                                        .isEqualTo(
                                                task("log", p.getProducerSubtask())
                                                        .slot()
                                                        .executorId());
                            });
            assertThat(gate.getProducers(0).getProducerSubtask()).isEqualTo(i);
        }
    }

    // ------------------------------------------------------------------ state machine

    @Test
    void allTasksFinishedFinishesTheJobAndReleasesItsSlots() {
        running();
        List<ExecutionVertex> all = executions.all();
        for (int i = 0; i < all.size() - 1; i++) {
            jobMaster.onTaskState(update(all.get(i), TaskState.FINISHED));
        }
        assertThat(jobMaster.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(slots.released).isEmpty();

        clock.advance(Duration.ofSeconds(3));
        jobMaster.onTaskState(update(all.getLast(), TaskState.FINISHED));

        assertThat(jobMaster.status()).isEqualTo(JobStatus.FINISHED);
        assertThat(listener.statuses)
                .containsExactly(JobStatus.CREATED, JobStatus.RUNNING, JobStatus.FINISHED);
        assertThat(slots.released).containsExactly(JOB);
        assertThat(listener.archived)
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(
                                            a.details().summary().endTime()
                                                    - a.details().summary().startTime())
                                    .isEqualTo(3000);
                            assertThat(a.details().vertices())
                                    .allSatisfy(
                                            v ->
                                                    assertThat(v.status())
                                                            .isEqualTo(ExecutionState.FINISHED));
                            assertThat(a.exceptions().rootException()).isNull();
                        });
    }

    @Test
    void aTaskFailureFailsTheJobCancelsTheOthersAndReleasesSlotsOnceTheyConfirm() {
        running();
        ExecutionVertex failing = task("counts -> files", 1);
        jobMaster.onTaskState(
                update(failing, TaskState.FAILED).toBuilder()
                        .setFailure("java.io.IOException: disk full\n\tat Sink.write")
                        .setTimestampMs(1234)
                        .build());

        assertThat(jobMaster.status()).isEqualTo(JobStatus.FAILED);
        assertThat(jobMaster.exceptions().rootException())
                .startsWith("java.io.IOException: disk full");
        assertThat(jobMaster.exceptions().all())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.task()).isEqualTo("counts -> files (2/2)");
                            assertThat(e.location()).isEqualTo("e2.host:8082");
                            assertThat(e.timestamp()).isEqualTo(1234);
                        });
        Set<String> others =
                executions.all().stream()
                        .filter(t -> t != failing)
                        .map(ExecutionVertex::attemptId)
                        .collect(Collectors.toSet());
        assertThat(cancelled)
                .extracting(CancelTaskRequest::getExecutionAttemptId)
                .containsExactlyInAnyOrderElementsOf(others);
        assertThat(slots.released).as("the other tasks still run").isEmpty();

        for (ExecutionVertex t : executions.all()) {
            jobMaster.onTaskState(update(t, TaskState.CANCELED));
        }
        assertThat(jobMaster.status()).isEqualTo(JobStatus.FAILED);
        assertThat(slots.released).containsExactly(JOB);
        assertThat(listener.archived)
                .singleElement()
                .satisfies(
                        a ->
                                assertThat(a.details().summary().status())
                                        .isEqualTo(JobStatus.FAILED));
    }

    @Test
    void theSummaryCountsTasksByStateAndItsLastModificationFollowsEachChange() {
        twoExecutors();
        jobMaster.start();
        JobSummary deployed = jobMaster.summary();
        assertThat(deployed.tasks().total()).isEqualTo(6);
        assertThat(deployed.tasks().count(ExecutionState.RUNNING)).isZero();

        clock.advance(Duration.ofSeconds(1));
        report(TaskState.RUNNING);
        JobSummary running = jobMaster.summary();
        assertThat(running.tasks().count(ExecutionState.RUNNING)).isEqualTo(6);
        assertThat(running.lastModification()).isEqualTo(deployed.lastModification() + 1000);
        assertThat(listener.taskChanges).last().isEqualTo(running);

        clock.advance(Duration.ofSeconds(1));
        jobMaster.tick();
        assertThat(jobMaster.summary().lastModification())
                .as("nothing changed")
                .isEqualTo(running.lastModification());

        jobMaster.cancel();
        for (ExecutionVertex t : executions.all()) {
            jobMaster.onTaskState(update(t, TaskState.CANCELED));
        }
        JobSummary canceled = listener.archived.getFirst().details().summary();
        assertThat(canceled.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(canceled.tasks().count(ExecutionState.CANCELED)).isEqualTo(6);
        assertThat(canceled.lastModification())
                .isEqualTo(canceled.endTime())
                .isEqualTo(running.lastModification() + 1000);
    }

    @Test
    void cancelGoesThroughCancellingToCanceled() {
        running();

        assertThat(jobMaster.cancel()).isEqualTo(CancelOutcome.ACCEPTED);
        assertThat(jobMaster.status()).isEqualTo(JobStatus.CANCELLING);
        assertThat(cancelled).hasSize(6);
        assertThat(jobMaster.details().vertices())
                .allSatisfy(v -> assertThat(v.status()).isEqualTo(ExecutionState.CANCELING));
        assertThat(jobMaster.cancel())
                .as("again while cancelling")
                .isEqualTo(CancelOutcome.ACCEPTED);
        assertThat(cancelled).as("no second round of cancels").hasSize(6);

        List<ExecutionVertex> all = executions.all();
        jobMaster.onTaskState(
                update(all.getFirst(), TaskState.FINISHED)); // a task may finish first
        for (ExecutionVertex t : all.subList(1, all.size())) {
            jobMaster.onTaskState(update(t, TaskState.CANCELED));
        }

        assertThat(jobMaster.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(slots.released).containsExactly(JOB);
        assertThat(jobMaster.cancel()).isEqualTo(CancelOutcome.ALREADY_TERMINAL);
        assertThat(listener.statuses)
                .containsExactly(
                        JobStatus.CREATED,
                        JobStatus.RUNNING,
                        JobStatus.CANCELLING,
                        JobStatus.CANCELED);
    }

    @Test
    void cancelEndsAfterTheCancelTimeoutWhenAnExecutorNeverConfirms() {
        running();
        jobMaster.cancel();
        for (ExecutionVertex t : executions.all()) {
            if (t.subtaskIndex() == 0) { // e1 confirms, e2 stays silent
                jobMaster.onTaskState(update(t, TaskState.CANCELED));
            }
        }

        clock.advance(CANCEL_TIMEOUT.minusMillis(1));
        jobMaster.tick();
        assertThat(jobMaster.status()).isEqualTo(JobStatus.CANCELLING);

        clock.advance(Duration.ofMillis(1));
        jobMaster.tick();
        assertThat(jobMaster.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(slots.released).containsExactly(JOB);
    }

    @Test
    void cancelWhileWaitingForSlotsEndsAtOnce() {
        jobMaster.start(); // no slots
        assertThat(jobMaster.cancel()).isEqualTo(CancelOutcome.ACCEPTED);

        assertThat(jobMaster.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(submitted).isEmpty();
        assertThat(listener.archived).hasSize(1);
    }

    @Test
    void slotsArrivingAfterACancelAreReleasedNotUsed() {
        CompletableFuture<List<AllocatedSlot>> answer = new CompletableFuture<>();
        slots.pending = answer;
        jobMaster.start();
        jobMaster.cancel();
        assertThat(listener.archived).as("waits for the allocation on its way").isEmpty();

        answer.complete(
                List.of(slot("e1", 0, recordingGateway()), slot("e2", 0, recordingGateway())));

        assertThat(submitted).isEmpty();
        assertThat(slots.released).contains(JOB);
        assertThat(listener.archived)
                .singleElement()
                .satisfies(
                        a ->
                                assertThat(a.details().summary().status())
                                        .isEqualTo(JobStatus.CANCELED));
    }

    @Test
    void updatesOfOldOrUnknownAttemptsAndLateOnesAreIgnored() {
        running();
        ExecutionVertex t = task("words", 0);

        assertThat(
                        jobMaster.onTaskState(
                                update(t, TaskState.FAILED).toBuilder()
                                        .setExecutionAttemptId("ffffffffffffffffffffffffffffffff")
                                        .build()))
                .isFalse();
        assertThat(
                        jobMaster.onTaskState(
                                update(t, TaskState.FAILED).toBuilder()
                                        .setJobId("another-job")
                                        .build()))
                .isFalse();
        assertThat(jobMaster.status()).isEqualTo(JobStatus.RUNNING);

        assertThat(jobMaster.onTaskState(update(t, TaskState.FINISHED))).isTrue();
        assertThat(jobMaster.onTaskState(update(t, TaskState.RUNNING)))
                .as("late RUNNING after FINISHED")
                .isFalse();
        assertThat(jobMaster.onTaskState(update(t, TaskState.FAILED))).isFalse();
        assertThat(t.state()).isEqualTo(ExecutionState.FINISHED);
        assertThat(jobMaster.status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void anUpdateFromAnotherExecutorIsIgnored() {
        running();
        ExecutionVertex t = task("words", 0); // deployed to e1
        TaskStateUpdate fromE2 =
                update(t, TaskState.FAILED).toBuilder()
                        .setFencing(
                                ExecutorFencing.newBuilder()
                                        .setExecutorId("e2")
                                        .setRegistrationId("reg-e2"))
                        .build();

        assertThat(jobMaster.onTaskState(fromE2)).isFalse();
        assertThat(t.state()).isEqualTo(ExecutionState.RUNNING);
        assertThat(jobMaster.status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void anUpdateFromAStaleRegistrationOfItsExecutorIsIgnored() {
        running();
        ExecutionVertex t = task("words", 0);
        TaskStateUpdate current = update(t, TaskState.FINISHED);
        TaskStateUpdate stale =
                current.toBuilder()
                        .setFencing(
                                current.getFencing().toBuilder().setRegistrationId("reg-e1-old"))
                        .build();

        assertThat(jobMaster.onTaskState(stale)).isFalse();
        assertThat(t.state()).isEqualTo(ExecutionState.RUNNING);
        assertThat(jobMaster.onTaskState(current)).as("the current registration").isTrue();
        assertThat(t.state()).isEqualTo(ExecutionState.FINISHED);
    }

    @Test
    void anAttemptReplacedByARestartIsStale() {
        running();
        String old = task("words", 0).attemptId();
        executions.newAttempts();

        TaskStateUpdate oldUpdate =
                update(task("words", 0), TaskState.FAILED).toBuilder()
                        .setExecutionAttemptId(old)
                        .build();
        assertThat(jobMaster.onTaskState(oldUpdate)).isFalse();
        assertThat(task("words", 0).attemptNumber()).isEqualTo(1);
        assertThat(jobMaster.status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void losingAnExecutorFailsTheJobNamingItAndCancelsTheTasksElsewhere() {
        running();

        jobMaster.onExecutorLost(
                new ExecutorLost("e2", "no heartbeat reply for 5000 ms", Set.of(JOB)));

        assertThat(jobMaster.status()).isEqualTo(JobStatus.FAILED);
        assertThat(jobMaster.exceptions().rootException())
                .isEqualTo("executor e2 (e2.host:8082) was lost: no heartbeat reply for 5000 ms");
        assertThat(cancelled)
                .as("only the tasks on e1 get a cancel")
                .hasSize(3)
                .allSatisfy(
                        c -> assertThat(c.getFencing().getRegistrationId()).isEqualTo("reg-e1"));
        assertThat(jobMaster.exceptions().all())
                .hasSize(3)
                .allSatisfy(e -> assertThat(e.location()).isEqualTo("e2.host:8082"));
    }

    @Test
    void losingAnExecutorWithoutTheJobsTasksChangesNothing() {
        running();
        jobMaster.onExecutorLost(new ExecutorLost("e9", "gone", Set.of()));
        assertThat(jobMaster.status()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void aRefusedDeploymentFailsTheJob() {
        slots.free.add(slot("e1", 0, recordingGateway()));
        slots.free.add(
                slot(
                        "e2",
                        0,
                        TestingExecutorGateway.builder()
                                .submitTask(
                                        r ->
                                                CompletableFuture.failedFuture(
                                                        new io.grpc.StatusRuntimeException(
                                                                io.grpc.Status.UNAVAILABLE
                                                                        .withDescription(
                                                                                "connection refused"))))
                                .build()));
        jobMaster.start();

        assertThat(jobMaster.status()).isEqualTo(JobStatus.FAILED);
        assertThat(jobMaster.exceptions().rootException())
                .startsWith(
                        "could not deploy words (2/2) to executor e2 at e2.host:8082: UNAVAILABLE: connection refused");
    }

    @Test
    void notEnoughSlotsFailsTheJobExactlyAtTheSlotTimeoutWhileAskingAgain() {
        slots.free.add(slot("e1", 0, recordingGateway()));
        jobMaster.start();
        assertThat(jobMaster.status()).isEqualTo(JobStatus.CREATED);

        for (int i = 0; i < 29; i++) {
            clock.advance(Duration.ofSeconds(1));
            jobMaster.tick();
        }
        clock.advance(Duration.ofSeconds(1).minusNanos(1));
        jobMaster.tick();
        assertThat(jobMaster.status()).isEqualTo(JobStatus.CREATED);
        assertThat(slots.requests).isEqualTo(31);

        clock.advance(Duration.ofNanos(1));
        jobMaster.tick();

        assertThat(jobMaster.status()).isEqualTo(JobStatus.FAILED);
        assertThat(jobMaster.exceptions().rootException())
                .startsWith("not enough slots: job needs 2, cluster has 1 free");
        assertThat(jobMaster.exceptions().all())
                .singleElement()
                .satisfies(e -> assertThat(e.task()).isEmpty());
        assertThat(submitted).isEmpty();
        assertThat(listener.archived).hasSize(1);
    }

    @Test
    void slotsFreedWhileWaitingGetTheJobDeployed() {
        slots.free.add(slot("e1", 0, recordingGateway()));
        jobMaster.start();
        clock.advance(Duration.ofSeconds(10));
        jobMaster.tick();
        assertThat(jobMaster.status()).isEqualTo(JobStatus.CREATED);

        slots.free.add(slot("e2", 0, recordingGateway())); // an executor registered
        clock.advance(Duration.ofMillis(100));
        jobMaster.tick();

        assertThat(jobMaster.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(submitted).hasSize(6);
    }

    // ------------------------------------------------------------------ metrics

    private static TaskMetrics metrics(long in, long out, long bytesIn, long bytesOut) {
        return TaskMetrics.newBuilder()
                .setRecordsIn(in)
                .setRecordsOut(out)
                .setBytesIn(bytesIn)
                .setBytesOut(bytesOut)
                .build();
    }

    private Map<String, Number> metricsOf(String vertexName) {
        return jobMaster.details().vertices().stream()
                .filter(v -> v.name().equals(vertexName))
                .findFirst()
                .orElseThrow()
                .metrics();
    }

    @Test
    void vertexMetricsSumLiveHeartbeatMetricsThenFinalOnes() {
        running();
        ExecutionVertex w0 = task("words", 0);
        ExecutionVertex w1 = task("words", 1);
        jobMaster.onTaskStatuses(
                List.of(
                        TaskStatus.newBuilder()
                                .setExecutionAttemptId(w0.attemptId())
                                .setState(TaskState.RUNNING)
                                .setMetrics(metrics(0, 10, 0, 100))
                                .build(),
                        TaskStatus.newBuilder()
                                .setExecutionAttemptId(w1.attemptId())
                                .setState(TaskState.RUNNING)
                                .setMetrics(metrics(0, 5, 0, 50))
                                .build(),
                        TaskStatus.newBuilder()
                                .setExecutionAttemptId("ffffffffffffffffffffffffffffffff")
                                .setMetrics(metrics(0, 1000, 0, 1000))
                                .build()));

        assertThat(metricsOf("words"))
                .containsEntry("write-records", 15L)
                .containsEntry("write-bytes", 150L)
                .containsEntry("read-records", 0L);

        jobMaster.onTaskState(
                update(w0, TaskState.FINISHED).toBuilder()
                        .setMetrics(metrics(0, 50, 0, 500))
                        .build());
        jobMaster.onTaskStatuses(
                List.of(
                        TaskStatus.newBuilder()
                                .setExecutionAttemptId(w0.attemptId())
                                .setMetrics(metrics(0, 11, 0, 110))
                                .build()));

        assertThat(metricsOf("words"))
                .as("the final metrics win over a late heartbeat")
                .containsEntry("write-records", 55L)
                .containsEntry("write-bytes", 550L);
        assertThat(metricsOf("counts -> files"))
                .containsOnlyKeys("read-records", "write-records", "read-bytes", "write-bytes");
    }

    @Test
    void vertexStatusAggregatesItsSubtasks() {
        running();
        jobMaster.onTaskState(update(task("words", 0), TaskState.FINISHED));
        assertThat(jobMaster.details().vertices().getFirst().status())
                .isEqualTo(ExecutionState.RUNNING);
        jobMaster.onTaskState(update(task("words", 1), TaskState.FINISHED));
        assertThat(jobMaster.details().vertices().getFirst().status())
                .isEqualTo(ExecutionState.FINISHED);
    }
}
