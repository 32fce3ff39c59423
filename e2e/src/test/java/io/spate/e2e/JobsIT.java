package io.spate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.cli.cluster.ManagedProcess;
import io.spate.cli.rest.CoordinatorClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jobs across real processes: a coordinator and 2 executors x 2 slots run the examples, and the
 * output is checked against counts computed here, independently of the operators.
 */
class JobsIT {

    private static E2eCluster cluster;
    private static List<ManagedProcess> executors;

    @BeforeAll
    static void start() throws IOException {
        cluster = new E2eCluster("jobs", Map.of());
        cluster.processes.startCoordinator(Map.of());
        executors =
                List.of(
                        cluster.processes.startExecutor(Map.of("spate.executor.slots", "2")),
                        cluster.processes.startExecutor(Map.of("spate.executor.slots", "2")));
        cluster.processes.awaitExecutors(cluster.client(), 2, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void wordcountEmitsExactlyOneToCForEveryWord() throws Exception {
        long count = 2_000_000;
        int vocabulary = 10_000;
        Path out = cluster.workDir.resolve("wordcount-out");
        String jobId =
                submit(
                        """
        name: wordcount
        parallelism: 2
        pipeline:
          transforms:
            - type: Words
              config: {count: %d, vocabulary: %d}
            - type: KeyBy
              config: {field: word}
            - type: RunningCount
            - type: WriteToFiles
              config: {path: "%s"}
        """
                                .formatted(count, vocabulary, out));
        assertThat(awaitEnd(jobId, Duration.ofMinutes(3))).isEqualTo("FINISHED");

        WordcountOutput.assertExactlyOnce(
                WordcountOutput.expectedCounts(count, vocabulary), WordcountOutput.readCounts(out));
        JsonNode job = cluster.get("jobs/" + jobId);
        assertThat(job.path("vertices").get(0).path("metrics").path("write-records").asLong())
                .isEqualTo(count);
        awaitAllSlotsFree();
    }

    /**
     * Expressions across processes: a Filter whose dead letters and kept records take different
     * edges (the filter's parallelism differs from the source's and the sinks', so both cross the
     * network), a MapToFields, and output that matches what is computed here.
     */
    @Test
    void expressionsFilterMapAndSendDeadLettersAcrossTheNetwork() throws Exception {
        Path kept = cluster.workDir.resolve("expressions-kept");
        Path dead = cluster.workDir.resolve("expressions-dead");
        String jobId =
                submit(
                        """
        name: expressions
        parallelism: 2
        checkpoints: {interval: 200ms}
        pipeline:
          transforms:
            - {name: src, type: Sequence, parallelism: 1, config: {to: 9999}}
            - name: f
              type: Filter
              config: {expression: "1000 / (value %% 500) > 10", onError: deadLetter}
            - type: MapToFields
              config: {fields: {value: "value", half: "value / 2.0", tag: "upper('v') + string(value %% 7)"}}
            - {type: WriteToFiles, parallelism: 1, config: {path: "%s"}}
            - {type: WriteToFiles, parallelism: 1, input: f.deadLetter, config: {path: "%s"}}
        """
                                .formatted(kept, dead));
        assertThat(awaitEnd(jobId, Duration.ofMinutes(2))).isEqualTo("FINISHED");

        java.util.Set<String> expectedKept = new java.util.HashSet<>();
        java.util.Set<String> expectedDead = new java.util.HashSet<>();
        for (long v = 0; v <= 9999; v++) {
            if (v % 500 == 0) {
                expectedDead.add(
                        v
                                + ",\"\"\"1000 / (value % 500) > 10\"\": evaluation error at column 6: / by zero\"");
            } else if (1000 / (v % 500) > 10) {
                expectedKept.add(v + "," + (v / 2.0) + ",V" + (v % 7));
            }
        }
        assertThat(committedLines(kept)).containsExactlyInAnyOrderElementsOf(expectedKept);
        assertThat(committedLines(dead)).containsExactlyInAnyOrderElementsOf(expectedDead);
        awaitAllSlotsFree();
    }

    private static List<String> committedLines(Path dir) throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f :
                    files.filter(
                                    p ->
                                            !p.getFileName().toString().startsWith(".")
                                                    && !p.getFileName().toString().startsWith("_"))
                            .toList()) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    @Test
    void textcountMatchesCountsComputedHere() throws Exception {
        Path text = Path.of(System.getProperty("spate.home"), "examples", "data").toAbsolutePath();
        Path out = cluster.workDir.resolve("textcount-out");
        String jobId =
                submit(
                        """
        name: textcount
        parallelism: 2
        pipeline:
          transforms:
            - type: ReadFromText
              config: {path: "%s"}
            - type: Tokenize
            - type: KeyBy
              config: {field: word}
            - type: RunningCount
            - type: WriteToFiles
              config: {path: "%s"}
        """
                                .formatted(text, out));
        assertThat(awaitEnd(jobId, Duration.ofMinutes(2))).isEqualTo("FINISHED");

        Map<String, Long> expected = new HashMap<>();
        try (Stream<Path> files = Files.list(text)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    StringBuilder word = new StringBuilder();
                    for (int i = 0; i <= line.length(); i++) {
                        int ch = i < line.length() ? line.codePointAt(i) : ' ';
                        if (Character.isLetterOrDigit(ch)) {
                            word.appendCodePoint(Character.toLowerCase(ch));
                            if (Character.isSupplementaryCodePoint(ch)) {
                                i++;
                            }
                        } else if (word.length() > 0) {
                            expected.merge(word.toString(), 1L, Long::sum);
                            word.setLength(0);
                        }
                    }
                }
            }
        }
        Map<String, List<Long>> emitted = WordcountOutput.readCounts(out);
        assertThat(expected).isNotEmpty();
        assertThat(emitted.keySet()).isEqualTo(expected.keySet());
        expected.forEach(
                (w, c) ->
                        assertThat(
                                        emitted.get(w).stream()
                                                .mapToLong(Long::longValue)
                                                .max()
                                                .orElse(0))
                                .as(w)
                                .isEqualTo(c));
        expected.forEach((w, c) -> assertThat(emitted.get(w)).as(w).hasSize(c.intValue()));
    }

    @Test
    void cancelledUnboundedJobEndsCanceledFreesSlotsAndLeavesNoTaskThread() throws Exception {
        String jobId =
                submit(
                        """
        name: endless
        parallelism: 2
        pipeline:
          transforms:
            - type: Words
              config: {vocabulary: 100}
            - type: KeyBy
              config: {field: word}
            - type: RunningCount
            - type: Discard
        """);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () ->
                                cluster.get("jobs/" + jobId)
                                                .path("vertices")
                                                .get(0)
                                                .path("metrics")
                                                .path("write-records")
                                                .asLong()
                                        > 0);
        assertThat(cluster.get("overview").path("slots-available").asInt()).isLessThan(4);
        assertThat(cluster.client().cancel(jobId).status()).isEqualTo(202);
        assertThat(awaitEnd(jobId, Duration.ofSeconds(60))).isEqualTo("CANCELED");
        awaitAllSlotsFree();
        for (ManagedProcess executor : executors) {
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> taskThreads(executor).isEmpty());
        }
    }

    @Test
    void invalidSpecIs400WithEveryErrorAndDeploysNothing() throws Exception {
        int jobsBefore = cluster.get("jobs/overview").path("jobs").size();
        CoordinatorClient.Answer a =
                cluster.client()
                        .submit(
                                """
        name: broken
        parallelism: 0
        pipeline:
          transforms:
            - type: Words
              config: {count: abc}
            - type: RunningCount
        """
                                        .getBytes(StandardCharsets.UTF_8),
                                "application/yaml");
        assertThat(a.status()).isEqualTo(400);
        List<String> errors = new ArrayList<>();
        a.body().path("errors").forEach(e -> errors.add(e.asText()));
        assertThat(errors)
                .anyMatch(e -> e.startsWith("parallelism"))
                .anyMatch(e -> e.startsWith("pipeline.transforms[0].config.count"))
                .anyMatch(e -> e.startsWith("pipeline.transforms[1]"));
        assertThat(cluster.get("jobs/overview").path("jobs").size()).isEqualTo(jobsBefore);
        assertThat(cluster.get("overview").path("slots-available").asInt()).isEqualTo(4);
    }

    private static String submit(String yaml) throws IOException {
        CoordinatorClient.Answer a =
                cluster.client().submit(yaml.getBytes(StandardCharsets.UTF_8), "application/yaml");
        assertThat(a.status()).as("POST /jobs: %s", a.body()).isEqualTo(202);
        return a.body().path("jobid").asText();
    }

    private static String awaitEnd(String jobId, Duration timeout) {
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () ->
                                List.of("FINISHED", "FAILED", "CANCELED")
                                        .contains(
                                                cluster.get("jobs/" + jobId)
                                                        .path("state")
                                                        .asText()));
        JsonNode job = cluster.get("jobs/" + jobId);
        if (!"FINISHED".equals(job.path("state").asText())) {
            System.out.println(
                    "job "
                            + jobId
                            + " ended "
                            + job.path("state").asText()
                            + ": "
                            + cluster.get("jobs/" + jobId + "/exceptions"));
        }
        return job.path("state").asText();
    }

    private static void awaitAllSlotsFree() {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.get("overview").path("slots-available").asInt() == 4);
    }

    /** Names of the executor's threads called task-*, from a thread dump (jstack of this JDK). */
    private static List<String> taskThreads(ManagedProcess executor) throws Exception {
        Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
        Process p =
                new ProcessBuilder(jstack.toString(), Long.toString(executor.pid()))
                        .redirectErrorStream(true)
                        .start();
        String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertThat(dump).as("thread dump of %s", executor).contains("Full thread dump");
        return dump.lines()
                .filter(l -> l.startsWith("\"task-"))
                .map(l -> l.toLowerCase(Locale.ROOT))
                .toList();
    }
}
