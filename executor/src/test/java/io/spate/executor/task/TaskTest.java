package io.spate.executor.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.spate.clock.Clock;
import io.spate.executor.network.NetworkConfig;
import io.spate.executor.network.NetworkEnvironment;
import io.spate.jobgraph.JobGraph;
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
  private NetworkEnvironment a;
  private NetworkEnvironment b;
  private List<TestingScheduler.Executor> executors;

  @TempDir Path out;

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
    awaitAllEnded();

    assertThat(states.values())
        .allSatisfy(s -> assertThat(s).containsExactly(TaskState.RUNNING, TaskState.FINISHED));
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
    Map<String, List<Long>> seen = new HashMap<>();
    List<Path> committed = committedFiles();
    assertThat(committed)
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder("part-0-0.csv", "part-1-0.csv");
    for (Path file : committed) {
      for (String line : Files.readAllLines(file)) {
        String[] fields = line.split(",");
        seen.computeIfAbsent(fields[0], w -> new ArrayList<>()).add(Long.parseLong(fields[1]));
      }
    }
    assertThat(seen.keySet()).isEqualTo(expected.keySet());
    seen.forEach(
        (word, counts) -> {
          List<Long> oneToC = new ArrayList<>();
          for (long c = 1; c <= expected.get(word); c++) {
            oneToC.add(c);
          }
          assertThat(counts).as(word).isEqualTo(oneToC);
        });
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
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                tasks.stream()
                    .filter(t -> !t.deployment().vertex().isSource())
                    .allMatch(t -> t.metrics().getRecordsIn() > 10_000));

    tasks.forEach(Task::cancel);
    awaitAllEnded();

    assertThat(states.values())
        .allSatisfy(s -> assertThat(s).containsExactly(TaskState.RUNNING, TaskState.CANCELED));
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

    await()
        .atMost(TIMEOUT)
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
            .contains("NoSuchFileException", missing.toString(), "at io.spate.executor");
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
    for (TestingScheduler.Placement placement :
        TestingScheduler.place(graph, "job-" + graph.name(), executors)) {
      Task task =
          new Task(
              TaskDeployment.of(placement.descriptor()),
              placement.executor().network(),
              placement.executor().id(),
              Clock.SYSTEM,
              (t, state, failure, metrics) -> {
                states.computeIfAbsent(t.attemptId(), k -> new CopyOnWriteArrayList<>()).add(state);
                if (state != TaskState.RUNNING) {
                  failures.put(t.attemptId(), failure);
                  finalMetrics.put(t.attemptId(), metrics);
                }
              });
      tasks.add(task);
      task.start();
    }
  }

  private void awaitAllEnded() {
    for (Task task : tasks) {
      task.termination().orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }
  }

  private List<Path> committedFiles() throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      return files
          .filter(
              p ->
                  !p.getFileName().toString().startsWith(".")
                      && !p.getFileName().toString().startsWith("_"))
          .toList();
    }
  }

  private void assertNothingLeft() {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(taskThreads()).isEmpty();
              for (NetworkEnvironment env : List.of(a, b)) {
                assertThat(env.bufferPool().segmentsInUse()).as("segments in use").isZero();
                assertThat(env.bufferPool().reservedSegments()).as("reserved").isZero();
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
