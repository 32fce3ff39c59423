package io.spate.executor.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.spate.clock.Clock;
import io.spate.executor.network.NetworkConfig;
import io.spate.executor.network.NetworkEnvironment;
import io.spate.jobgraph.JobGraph;
import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import io.spate.rpc.proto.TaskDeploymentDescriptor;
import io.spate.rpc.proto.TaskMetrics;
import io.spate.rpc.proto.TaskState;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks deployed from real job graphs over two executors' data planes in one JVM: local channels
 * within an executor, loopback TCP between them.
 */
class TaskTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, List<TaskState>> states = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final Map<String, TaskMetrics> finalMetrics = new ConcurrentHashMap<>();
    private final List<Task> tasks = new CopyOnWriteArrayList<>();
    private final List<AcknowledgeCheckpointRequest> acks = new CopyOnWriteArrayList<>();
    private final List<DeclineCheckpointRequest> declines = new CopyOnWriteArrayList<>();
    private final CheckpointResponder responder =
            new CheckpointResponder() {
                @Override
                public void acknowledge(Task task, AcknowledgeCheckpointRequest ack) {
                    acks.add(ack);
                }

                @Override
                public void decline(Task task, DeclineCheckpointRequest decline) {
                    declines.add(decline);
                }
            };
    private NetworkEnvironment a;
    private NetworkEnvironment b;
    private List<TestingScheduler.Executor> executors;

    @TempDir Path out;
    @TempDir Path checkpointsDir;

    @BeforeEach
    void startExecutors() throws IOException {
        // Small buffers and pools: records span buffers and backpressure happens.
        NetworkConfig config = NetworkConfig.defaults().withBufferSize(4096).withMemory(8L << 20);
        a = new NetworkEnvironment(config);
        b = new NetworkEnvironment(config);
        a.start();
        b.start();
        executors =
                List.of(
                        new TestingScheduler.Executor("executor-a", a),
                        new TestingScheduler.Executor("executor-b", b));
    }

    @AfterEach
    void stopExecutors() {
        tasks.forEach(Task::cancel);
        tasks.forEach(t -> t.termination().orTimeout(30, TimeUnit.SECONDS).join());
        a.close();
        b.close();
    }

    @Test
    void wordCountOverTwoExecutorsEmitsEveryRunningCountOnce() throws Exception {
        long count = 100_000;
        long vocabulary = 997;
        JobGraph graph =
                TestingScheduler.compile(
                        """
            name: wordcount-test
            parallelism: 2
            bufferTimeout: 5ms
            pipeline:
              transforms:
                - type: Words
                  config: {count: %d, vocabulary: %d}
                - type: KeyBy
                  config: {field: word}
                - type: RunningCount
                - type: WriteToFiles
                  config: {path: %s}
            """
                                .formatted(count, vocabulary, out));
        assertThat(graph.vertices()).hasSize(2);

        deployAll(graph);
        await().atMost(TIMEOUT)
                .until(() -> tasks.stream().allMatch(t -> t.state() == TaskState.INPUT_ENDED));
        tasks.forEach(t -> t.triggerCheckpoint(1, System.currentTimeMillis()));
        awaitAcks(1);
        completeAll(1, false);
        // Checkpoint 2's acks come after notify(1) in every mailbox: by then a task that wrongly
        // ended
        // on a checkpoint that is not the job's final one would show it.
        tasks.forEach(t -> t.triggerCheckpoint(2, System.currentTimeMillis()));
        awaitAcks(2);
        assertThat(tasks)
                .as("not the final checkpoint: still waiting")
                .allMatch(t -> t.state() == TaskState.INPUT_ENDED);
        completeAll(2, true);
        awaitAllEnded();

        assertThat(states.values())
                .allSatisfy(
                        s ->
                                assertThat(s)
                                        .containsExactly(
                                                TaskState.RUNNING,
                                                TaskState.INPUT_ENDED,
                                                TaskState.FINISHED));
        // Independent recomputation of every word's total.
        Map<String, Long> expected = new HashMap<>();
        for (long i = 0; i < count; i++) {
            String word =
                    "w"
                            + BigInteger.valueOf(i)
                                    .multiply(BigInteger.valueOf(2654435761L))
                                    .mod(BigInteger.valueOf(vocabulary));
            expected.merge(word, 1L, Long::sum);
        }
        List<Path> committed = committedFiles();
        assertThat(committed)
                .extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("part-0-1.csv", "part-1-1.csv");
        assertEveryRunningCountOnce(expected);
        long wordsOut = 0;
        long countsIn = 0;
        for (Task task : tasks) {
            TaskMetrics m = finalMetrics.get(task.attemptId());
            if (task.deployment().vertex().isSource()) {
                wordsOut += m.getRecordsOut();
                assertThat(m.getBytesOut()).isPositive();
            } else {
                countsIn += m.getRecordsIn();
                assertThat(m.getBytesIn()).isPositive();
            }
        }
        assertThat(wordsOut).isEqualTo(count);
        assertThat(countsIn).isEqualTo(count);
        assertNothingLeft();
    }

    @Test
    void checkpointsMidStreamThenARestoredAttemptCommitEveryRunningCountExactlyOnce()
            throws Exception {
        long count = 40_000;
        long vocabulary = 97;
        JobGraph graph =
                TestingScheduler.compile(
                        """
            name: exactly-once
            parallelism: 2
            bufferTimeout: 5ms
            pipeline:
              transforms:
                - type: Words
                  config: {count: %d, vocabulary: %d, rate: 20000}
                - type: KeyBy
                  config: {field: word}
                - type: RunningCount
                - type: WriteToFiles
                  config: {path: %s}
            """
                                .formatted(count, vocabulary, out));
        deployAll(graph, 0, d -> d);

        awaitSinksRead(3_000);
        triggerAtSources(1);
        awaitAcks(1);
        completeAll(1, false);
        awaitSinksRead(10_000);
        triggerAtSources(2);
        awaitAcks(2);
        // Checkpoint 2 completes on the coordinator, but the tasks fail before hearing of it.
        List<Task> first = List.copyOf(tasks);
        first.forEach(Task::cancel);
        awaitAllEnded();
        assertThat(committedFiles())
                .extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("part-0-1.csv", "part-1-1.csv");
        assertThat(acks)
                .filteredOn(a -> a.getCheckpointId() == 2)
                .allSatisfy(
                        a -> {
                            assertThat(a.getStateHandle())
                                    .startsWith("job-exactly-once/chk-2/")
                                    .endsWith(".state");
                            assertThat(a.getStateSize()).isPositive();
                            assertThat(a.getAlignmentNanos()).isNotNegative();
                            assertThat(checkpointsDir.resolve(a.getStateHandle())).exists();
                        });
        Map<String, String> handles = new HashMap<>();
        for (AcknowledgeCheckpointRequest ack : acks) {
            if (ack.getCheckpointId() == 2) {
                Task task =
                        first.stream()
                                .filter(t -> t.attemptId().equals(ack.getExecutionAttemptId()))
                                .findFirst()
                                .orElseThrow();
                handles.put(
                        task.deployment().vertex().id() + "/" + task.deployment().subtaskIndex(),
                        ack.getStateHandle());
            }
        }
        assertThat(handles).hasSize(4);

        tasks.clear();
        deployAll(
                graph,
                1,
                d ->
                        d.toBuilder()
                                .setRestoreCheckpointId(2)
                                .setRestoreStateHandle(
                                        handles.get(d.getVertexId() + "/" + d.getSubtaskIndex()))
                                .build());
        finalCheckpoint(3);
        awaitAllEnded();

        assertThat(tasks).allSatisfy(t -> assertThat(t.state()).isEqualTo(TaskState.FINISHED));
        assertThat(declines).isEmpty();
        assertThat(committedFiles())
                .extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder(
                        "part-0-1.csv",
                        "part-1-1.csv",
                        "part-0-2.csv",
                        "part-1-2.csv",
                        "part-0-3.csv",
                        "part-1-3.csv");
        assertEveryRunningCountOnce(expectedCounts(count, vocabulary));
        assertThat(finalMetrics.values())
                .allSatisfy(m -> assertThat(m.getGaugesMap()).containsKey("checkpoint-size-bytes"));
        assertNothingLeft();
    }

    @Test
    void aRestoreFromAMissingOrForeignStateFileFailsTheTaskNamingIt() throws Exception {
        JobGraph graph =
                TestingScheduler.compile(
                        """
            name: restore-fails
            parallelism: 1
            pipeline:
              transforms:
                - type: Sequence
                  config: {from: 1, to: 100}
                - type: Discard
            """);
        deployAll(graph, 0, d -> d);
        finalCheckpoint(4);
        awaitAllEnded();
        String handle = acks.getFirst().getStateHandle();

        tasks.clear();
        deployAll(
                graph,
                1,
                d ->
                        d.toBuilder()
                                .setRestoreCheckpointId(5)
                                .setRestoreStateHandle("nope.state")
                                .build());
        deployAll(
                graph,
                2,
                d -> d.toBuilder().setRestoreCheckpointId(5).setRestoreStateHandle(handle).build());
        awaitAllEnded();

        assertThat(failures.get(tasks.get(0).attemptId()))
                .contains("nope.state", "checkpoint state file is missing");
        assertThat(failures.get(tasks.get(1).attemptId()))
                .contains(handle, "belongs to checkpoint 4", "not to this task");
        assertThat(tasks).allSatisfy(t -> assertThat(t.state()).isEqualTo(TaskState.FAILED));
    }

    @Test
    void cancellingAnUnboundedJobEndsEveryTaskThreadAndReturnsEveryBuffer() throws Exception {
        JobGraph graph =
                TestingScheduler.compile(
                        """
            name: unbounded
            parallelism: 2
            pipeline:
              transforms:
                - type: Words
                - type: KeyBy
                  config: {field: word}
                - type: RunningCount
                - type: Discard
            """);
        deployAll(graph);
        await().atMost(TIMEOUT)
                .until(
                        () ->
                                tasks.stream()
                                        .filter(t -> !t.deployment().vertex().isSource())
                                        .allMatch(t -> t.metrics().getRecordsIn() > 10_000));

        tasks.forEach(Task::cancel);
        awaitAllEnded();

        assertThat(states.values())
                .allSatisfy(
                        s -> assertThat(s).containsExactly(TaskState.RUNNING, TaskState.CANCELED));
        assertThat(failures.values()).allSatisfy(f -> assertThat(f).isEmpty());
        assertNothingLeft();
    }

    @Test
    void anOperatorThrowingFailsItsTaskWithTheExceptionText() throws Exception {
        Path missing = out.resolve("no-such-input");
        JobGraph graph =
                TestingScheduler.compile(
                        """
            name: failing
            parallelism: 2
            pipeline:
              transforms:
                - type: ReadFromText
                  config: {path: %s}
                - type: Tokenize
                - type: KeyBy
                  config: {field: word}
                - type: RunningCount
                - type: WriteToFiles
                  config: {path: %s}
            """
                                .formatted(missing, out.resolve("counts")));
        deployAll(graph);

        await().atMost(TIMEOUT)
                .until(
                        () ->
                                tasks.stream()
                                        .filter(t -> t.deployment().vertex().isSource())
                                        .allMatch(t -> t.state() == TaskState.FAILED));
        // As the coordinator would: cancel what is left of the job.
        tasks.forEach(Task::cancel);
        awaitAllEnded();

        for (Task task : tasks) {
            if (task.deployment().vertex().isSource()) {
                assertThat(states.get(task.attemptId()))
                        .containsExactly(TaskState.RUNNING, TaskState.FAILED);
                assertThat(failures.get(task.attemptId()))
                        .contains(
                                "NoSuchFileException", missing.toString(), "at io.spate.executor");
            } else {
                assertThat(states.get(task.attemptId()))
                        .containsExactly(TaskState.RUNNING, TaskState.CANCELED);
            }
        }
        // The sink's in-progress files are gone with the cancel: nothing, committed or not.
        try (Stream<Path> files = Files.list(out.resolve("counts"))) {
            assertThat(files).isEmpty();
        }
        assertNothingLeft();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void deployAll(JobGraph graph) {
        deployAll(graph, 0, d -> d);
    }

    private void deployAll(
            JobGraph graph, int attempt, UnaryOperator<TaskDeploymentDescriptor> customize) {
        for (TestingScheduler.Placement placement :
                TestingScheduler.place(graph, "job-" + graph.name(), executors, attempt)) {
            TaskDeploymentDescriptor descriptor =
                    customize.apply(
                            placement.descriptor().toBuilder()
                                    .setCheckpointsDir(checkpointsDir.toString())
                                    .build());
            Task task =
                    new Task(
                            TaskDeployment.of(descriptor),
                            placement.executor().network(),
                            placement.executor().id(),
                            Clock.SYSTEM,
                            (t, state, failure, metrics) -> {
                                states.computeIfAbsent(
                                                t.attemptId(), k -> new CopyOnWriteArrayList<>())
                                        .add(state);
                                if (state != TaskState.RUNNING && state != TaskState.INPUT_ENDED) {
                                    failures.put(t.attemptId(), failure);
                                    finalMetrics.put(t.attemptId(), metrics);
                                }
                            },
                            responder);
            tasks.add(task);
            task.start();
        }
    }

    /** What the coordinator does once every task's input ended: checkpoint n, then complete it. */
    private void finalCheckpoint(long n) {
        await().atMost(TIMEOUT)
                .until(() -> tasks.stream().allMatch(t -> t.state() == TaskState.INPUT_ENDED));
        tasks.forEach(t -> t.triggerCheckpoint(n, System.currentTimeMillis()));
        awaitAcks(n);
        completeAll(n, true);
    }

    private void triggerAtSources(long n) {
        tasks.stream()
                .filter(t -> t.deployment().vertex().isSource())
                .forEach(t -> t.triggerCheckpoint(n, System.currentTimeMillis()));
    }

    private void completeAll(long n, boolean finalCheckpoint) {
        tasks.forEach(t -> t.notifyCheckpointComplete(n, finalCheckpoint));
    }

    private void awaitAcks(long n) {
        await().atMost(TIMEOUT)
                .untilAsserted(
                        () -> {
                            assertThat(declines).isEmpty();
                            assertThat(acks.stream().filter(a -> a.getCheckpointId() == n).count())
                                    .isEqualTo(tasks.size());
                        });
    }

    private void awaitSinksRead(long records) {
        await().atMost(TIMEOUT)
                .until(
                        () ->
                                tasks.stream()
                                                .filter(t -> !t.deployment().vertex().isSource())
                                                .mapToLong(t -> t.metrics().getRecordsIn())
                                                .sum()
                                        >= records);
    }

    private static Map<String, Long> expectedCounts(long count, long vocabulary) {
        Map<String, Long> expected = new HashMap<>();
        for (long i = 0; i < count; i++) {
            String word =
                    "w"
                            + BigInteger.valueOf(i)
                                    .multiply(BigInteger.valueOf(2654435761L))
                                    .mod(BigInteger.valueOf(vocabulary));
            expected.merge(word, 1L, Long::sum);
        }
        return expected;
    }

    /** Every word's committed counts are exactly 1..total, each once. */
    private void assertEveryRunningCountOnce(Map<String, Long> expected) throws IOException {
        Map<String, List<Long>> seen = new HashMap<>();
        for (Path file : committedFiles()) {
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.split(",");
                seen.computeIfAbsent(fields[0], w -> new ArrayList<>())
                        .add(Long.parseLong(fields[1]));
            }
        }
        assertThat(seen.keySet()).isEqualTo(expected.keySet());
        seen.forEach(
                (word, counts) -> {
                    List<Long> oneToC = new ArrayList<>();
                    for (long c = 1; c <= expected.get(word); c++) {
                        oneToC.add(c);
                    }
                    assertThat(counts.stream().sorted().toList()).as(word).isEqualTo(oneToC);
                });
    }

    private void awaitAllEnded() {
        for (Task task : tasks) {
            task.termination().orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        }
    }

    private List<Path> committedFiles() throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(
                            p ->
                                    !p.getFileName().toString().startsWith(".")
                                            && !p.getFileName().toString().startsWith("_"))
                    .toList();
        }
    }

    private void assertNothingLeft() {
        await().atMost(TIMEOUT)
                .untilAsserted(
                        () -> {
                            assertThat(taskThreads()).isEmpty();
                            for (NetworkEnvironment env : List.of(a, b)) {
                                assertThat(env.bufferPool().segmentsInUse())
                                        .as("segments in use")
                                        .isZero();
                                assertThat(env.bufferPool().reservedSegments())
                                        .as("reserved")
                                        .isZero();
                                assertThat(env.partitionManager().numberOfPartitions()).isZero();
                            }
                        });
    }

    static List<String> taskThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("task-"))
                .toList();
    }
}
