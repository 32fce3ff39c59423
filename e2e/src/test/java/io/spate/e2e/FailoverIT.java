package io.spate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.cli.cluster.ManagedProcess;
import io.spate.cli.rest.CoordinatorClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Killing executors mid-job changes nothing in the job's output: a coordinator and 2 executors x 2
 * slots run a checkpointed wordcount; executors die by {@code kill -9} and new ones start; the job
 * restores its latest checkpoint and finishes with every word's counts exactly 1..c(word).
 */
class FailoverIT {

    private static final long COUNT = 2_000_000;
    private static final int VOCABULARY = 10_000;

    private E2eCluster cluster;
    private final List<ManagedProcess> executors = new ArrayList<>();

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void startCluster(String name) throws IOException {
        cluster = new E2eCluster(name, Map.of());
        cluster.processes.startCoordinator(Map.of());
        executors.add(startExecutor());
        executors.add(startExecutor());
        cluster.processes.awaitExecutors(cluster.client(), 2, Duration.ofSeconds(90));
    }

    private ManagedProcess startExecutor() {
        return cluster.processes.startExecutor(Map.of("spate.executor.slots", "2"));
    }

    /** Paced, so the job runs long enough to be killed in the middle (about 2M / rate seconds). */
    private String submitWordcount(Path out, int rate) throws IOException {
        String yaml =
                """
        name: wordcount-failover
        parallelism: 2
        checkpoints: {interval: 500ms}
        restart: {attempts: 10, delay: 200ms}
        pipeline:
          transforms:
            - type: Words
              config: {count: %d, vocabulary: %d, rate: %d}
            - type: KeyBy
              config: {field: word}
            - type: RunningCount
            - type: WriteToFiles
              config: {path: "%s"}
        """
                        .formatted(COUNT, VOCABULARY, rate, out);
        CoordinatorClient.Answer a =
                cluster.client().submit(yaml.getBytes(StandardCharsets.UTF_8), "application/yaml");
        assertThat(a.status()).as("POST /jobs: %s", a.body()).isEqualTo(202);
        return a.body().path("jobid").asText();
    }

    /**
     * Kills, with {@code kill -9}, an executor that runs tasks of the job, starts a new one, and
     * answers how long the job took from the kill to RUNNING again, after it failed over.
     */
    private Duration killOneAndReplace(String jobId, Random random) {
        List<ManagedProcess> hosting = executorsRunningTasks();
        assertThat(hosting)
                .as(
                        "executors running the job's tasks; taskmanagers: %s",
                        cluster.get("taskmanagers"))
                .isNotEmpty();
        ManagedProcess victim = hosting.get(random.nextInt(hosting.size()));
        int failuresBefore = failures(jobId);
        long killed = System.nanoTime();
        cluster.processes.kill(victim);
        executors.remove(victim);
        executors.add(startExecutor());
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> failures(jobId) > failuresBefore);
        // RUNNING again (it may fail over more than once on the way, e.g. when a restart raced the
        // loss of the killed executor); FAILED ends the wait at once.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(
                        () -> {
                            String state = cluster.state(jobId);
                            assertThat(state)
                                    .as("the job after the kill of %s", victim)
                                    .isNotEqualTo("FAILED");
                            return state.equals("RUNNING") || state.equals("FINISHED");
                        });
        Duration recovery = Duration.ofNanos(System.nanoTime() - killed);
        System.out.printf(
                "FailoverIT: job %s RUNNING again %d ms after kill -9 of %s%n",
                jobId, recovery.toMillis(), victim);
        return recovery;
    }

    private int failures(String jobId) {
        return cluster.get("jobs/" + jobId + "/exceptions").path("all-exceptions").size();
    }

    /**
     * Executors with a used slot, matched by the HTTP port each logged at start to /taskmanagers.
     */
    private List<ManagedProcess> executorsRunningTasks() {
        List<String> busyPorts = new ArrayList<>();
        for (JsonNode tm : cluster.get("taskmanagers").path("taskmanagers")) {
            if (tm.path("freeSlots").asInt() < tm.path("slotsNumber").asInt()) {
                String path = tm.path("path").asText();
                busyPorts.add(path.substring(path.lastIndexOf(':') + 1));
            }
        }
        List<ManagedProcess> busy = new ArrayList<>();
        for (ManagedProcess e : executors) {
            Matcher m;
            try {
                m = LISTENING.matcher(Files.readString(e.log()));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            if (m.find() && busyPorts.contains(m.group(1))) {
                busy.add(e);
            }
        }
        return busy;
    }

    private static final Pattern LISTENING =
            Pattern.compile("Listening on: http://[^\\s:]+:(\\d+)");

    private String awaitEnd(String jobId, Duration timeout) {
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () ->
                                List.of("FINISHED", "FAILED", "CANCELED")
                                        .contains(cluster.state(jobId)));
        JsonNode job = cluster.get("jobs/" + jobId);
        System.out.println(
                "FailoverIT: job "
                        + jobId
                        + " ended "
                        + job.path("state").asText()
                        + "; checkpoints "
                        + cluster.get("jobs/" + jobId + "/checkpoints")
                        + "; exceptions: "
                        + cluster.get("jobs/" + jobId + "/exceptions")
                                .path("all-exceptions")
                                .size());
        if (!"FINISHED".equals(job.path("state").asText())) {
            System.out.println(cluster.get("jobs/" + jobId + "/exceptions"));
        }
        return job.path("state").asText();
    }

    @Test
    void executorKilledMidJob_jobRestoresAndOutputIsExactlyOnce() throws Exception {
        startCluster("failover-one");
        Path out = cluster.workDir.resolve("out");
        String jobId = submitWordcount(out, 200_000);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> cluster.completedCheckpoints(jobId) >= 2);

        Duration recovery = killOneAndReplace(jobId, new Random());

        assertThat(awaitEnd(jobId, Duration.ofMinutes(3))).isEqualTo("FINISHED");
        WordcountOutput.assertExactlyOnce(
                WordcountOutput.expectedCounts(COUNT, VOCABULARY), WordcountOutput.readCounts(out));
        JsonNode checkpoints = cluster.get("jobs/" + jobId + "/checkpoints");
        assertThat(checkpoints.path("counts").path("restored").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(checkpoints.path("latest").path("restored").path("id").asLong()).isPositive();
        assertThat(cluster.get("jobs/" + jobId + "/exceptions").path("all-exceptions").size())
                .isPositive();
        assertThat(recovery)
                .as("kill -9 to RUNNING (fast path, no heartbeat timeout)")
                .isLessThan(Duration.ofSeconds(30));
    }

    /**
     * A windowed job in event time: Words stamped et = i ms with watermarks per source subtask,
     * KeyBy word, 1 s tumbling count and sum of et, committed files. An executor dies by kill -9
     * mid-job; the output is every (word, window) exactly once with the counts and sums a batch
     * computation over the same records gives.
     */
    @Test
    void windowedJob_executorKilled_windowsExactlyOnce() throws Exception {
        startCluster("failover-windows");
        Path out = cluster.workDir.resolve("out");
        long count = 400_000;
        int vocabulary = 100;
        String yaml =
                """
        name: windows-failover
        parallelism: 2
        checkpoints: {interval: 500ms}
        restart: {attempts: 10, delay: 200ms}
        pipeline:
          transforms:
            - type: Words
              config: {count: %d, vocabulary: %d, rate: 50000, eventTime: {start: 0, step: 1ms},
                       watermarks: {field: et}}
            - type: KeyBy
              config: {field: word}
            - name: win
              type: Window
              config: {tumbling: 1s, aggregations: [{count: {}}, {sum: et}]}
            - type: WriteToFiles
              input: win
              config: {path: "%s"}
            - type: Discard
              input: win.late
        """
                        .formatted(count, vocabulary, out);
        CoordinatorClient.Answer a =
                cluster.client().submit(yaml.getBytes(StandardCharsets.UTF_8), "application/yaml");
        assertThat(a.status()).as("POST /jobs: %s", a.body()).isEqualTo(202);
        String jobId = a.body().path("jobid").asText();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> cluster.completedCheckpoints(jobId) >= 2);
        // The Window's input watermark, per subtask in Flink's shape and as the vertex's least.
        String win = null;
        for (JsonNode v : cluster.get("jobs/" + jobId).path("vertices")) {
            if (v.path("name").asText().equals("win")) {
                win = v.path("id").asText();
            }
        }
        assertThat(win).as("vertex win in %s", cluster.get("jobs/" + jobId)).isNotNull();
        String winId = win;
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            JsonNode w =
                                    cluster.get(
                                            "jobs/" + jobId + "/vertices/" + winId + "/watermarks");
                            return w.size() == 2
                                    && w.get(0)
                                            .path("id")
                                            .asText()
                                            .equals("0.currentInputWatermark")
                                    && Long.parseLong(w.get(0).path("value").asText()) > 0
                                    && Long.parseLong(w.get(1).path("value").asText()) > 0;
                        });
        long vertexWatermark = 0;
        for (JsonNode v : cluster.get("jobs/" + jobId).path("vertices")) {
            if (v.path("id").asText().equals(winId)) {
                vertexWatermark = v.path("watermark").asLong();
            }
        }
        assertThat(vertexWatermark).isPositive().isLessThan(count);

        killOneAndReplace(jobId, new Random());

        assertThat(awaitEnd(jobId, Duration.ofMinutes(3))).isEqualTo("FINISHED");
        // The reference: Words' record i is w((i × 2654435761) mod vocabulary) at et = i.
        java.util.TreeMap<String, long[]> expected = new java.util.TreeMap<>();
        for (long i = 0; i < count; i++) {
            String word = "w" + (i * 2654435761L % vocabulary);
            long start = i / 1000 * 1000;
            long[] cs =
                    expected.computeIfAbsent(
                            word + "," + start + "," + (start + 1000), k -> new long[2]);
            cs[0]++;
            cs[1] += i;
        }
        java.util.TreeMap<String, long[]> actual = new java.util.TreeMap<>();
        List<String> duplicates = new ArrayList<>();
        try (var files = Files.list(out)) {
            for (Path f :
                    files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] c = line.split(",");
                    String window = c[0] + "," + c[1] + "," + c[2];
                    if (actual.put(window, new long[] {Long.parseLong(c[3]), Long.parseLong(c[4])})
                            != null) {
                        duplicates.add(window);
                    }
                }
            }
        }
        assertThat(duplicates).as("windows emitted twice").isEmpty();
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (var e : expected.entrySet()) {
            assertThat(actual.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
        }
        assertThat(
                        cluster.get("jobs/" + jobId + "/checkpoints")
                                .path("counts")
                                .path("restored")
                                .asLong())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void threeKillsAtRandomTimes_outputIsExactlyOnce() throws Exception {
        long seed = Long.getLong("spate.failover.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println(
                "FailoverIT: three kills, seed " + seed + " (-Dspate.failover.seed to repeat)");
        startCluster("failover-three");
        Path out = cluster.workDir.resolve("out");
        String jobId = submitWordcount(out, 100_000);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> cluster.state(jobId).equals("RUNNING"));

        int kills = 0;
        while (kills < 3 && cluster.state(jobId).equals("RUNNING")) {
            Thread.sleep(500 + random.nextInt(2500));
            if (!cluster.state(jobId).equals("RUNNING")) {
                break;
            }
            killOneAndReplace(jobId, random);
            kills++;
        }

        assertThat(awaitEnd(jobId, Duration.ofMinutes(4))).isEqualTo("FINISHED");
        assertThat(kills).as("kills that hit the running job").isEqualTo(3);
        WordcountOutput.assertExactlyOnce(
                WordcountOutput.expectedCounts(COUNT, VOCABULARY), WordcountOutput.readCounts(out));
        assertThat(
                        cluster.get("jobs/" + jobId + "/checkpoints")
                                .path("counts")
                                .path("restored")
                                .asLong())
                .isGreaterThanOrEqualTo(1);
        assertThat(failures(jobId)).isGreaterThanOrEqualTo(3);
    }

    /**
     * Nexmark q3 (a regular join) and q8 (a window join after a window), checkpointed and paced: an
     * executor dies by kill -9 mid-job; the committed rows equal the query computed in plain Java
     * over the same events, each exactly once (the joins' keyed state and the sources' positions
     * come back from the checkpoint).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"q3", "q8"})
    void nexmarkJoin_executorKilled_rowsExactlyOnce(String query) throws Exception {
        startCluster("failover-" + query);
        Path out = cluster.workDir.resolve("out");
        long events = 200_000;
        long eventsPerSecond = 2_000; // 100 s of event time: ten q8 windows
        String yaml =
                NexmarkQueries.spec(
                        query,
                        events,
                        eventsPerSecond,
                        out,
                        "checkpoints: {interval: 500ms}\nrestart: {attempts: 10, delay: 200ms}",
                        "maxRate: 40000");
        CoordinatorClient.Answer a =
                cluster.client().submit(yaml.getBytes(StandardCharsets.UTF_8), "application/yaml");
        assertThat(a.status()).as("POST /jobs: %s", a.body()).isEqualTo(202);
        String jobId = a.body().path("jobid").asText();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> cluster.completedCheckpoints(jobId) >= 2);

        killOneAndReplace(jobId, new Random());

        assertThat(awaitEnd(jobId, Duration.ofMinutes(3))).isEqualTo("FINISHED");
        List<String> expected =
                NexmarkQueries.expected(query, NexmarkQueries.generate(events, eventsPerSecond));
        assertThat(expected).isNotEmpty();
        List<String> actual = NexmarkQueries.actual(query, NexmarkQueries.rows(out));
        assertThat(actual)
                .as(
                        "%s after kill -9; checkpoints %s",
                        query, cluster.get("jobs/" + jobId + "/checkpoints").path("counts"))
                .containsExactlyInAnyOrderElementsOf(expected);
    }
}
