package io.spate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.cli.cluster.ManagedProcess;
import io.spate.cli.rest.CoordinatorClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Java functions in a real cluster (src-docs/java-functions.md): a coordinator and two executors,
 * the example project's jar uploaded with {@code POST /jars/upload}, executors fetching it by hash.
 * The example's map, filter, flatMap and KeyedProcessFunction (keyed state and an event-time timer)
 * run with checkpoints while an executor dies by {@code kill -9}; both outputs are exactly once. A
 * function that throws fails the job with the user's stack trace in the exceptions endpoint, and
 * the executors live on; one that never returns (and swallows interrupts) is ended by the
 * cancellation watchdog, which exits its executor.
 */
class JavaFunctionsIT {

    private static final long N = 200_000;

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
        Path work = cluster.workDir;
        cluster.processes.startCoordinator(
                Map.of(
                        "spate.jobs.user-code",
                        "true",
                        "spate.jobs.jar-dir",
                        work.resolve("jars").toString()));
        executors.add(startExecutor());
        executors.add(startExecutor());
        cluster.processes.awaitExecutors(cluster.client(), 2, Duration.ofSeconds(90));
    }

    private ManagedProcess startExecutor() {
        return cluster.processes.startExecutor(
                Map.of(
                        "spate.executor.slots", "3",
                        "spate.executor.blob-dir", cluster.workDir.resolve("blobs").toString(),
                        "spate.executor.task-cancellation-timeout", "3s"));
    }

    private static Path exampleJar() {
        Path jar =
                Path.of(
                        System.getProperty("spate.home"),
                        "examples",
                        "java-functions",
                        "target",
                        "java-functions.jar");
        assertThat(jar).as("the example project's jar (built by the reactor)").isRegularFile();
        return jar;
    }

    /** This module's io.spate.e2e.functions classes as a jar: user code that misbehaves. */
    private Path faultyJar() throws IOException {
        Path classes = Path.of("target", "test-classes");
        Path jar = cluster.workDir.resolve("faulty-functions.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> all = Files.walk(classes.resolve("io/spate/e2e/functions"))) {
            for (Path c : all.filter(p -> p.toString().endsWith(".class")).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(c));
                out.closeEntry();
            }
        }
        return jar;
    }

    private String submit(String yaml) throws IOException {
        CoordinatorClient.Answer a =
                cluster.client().submit(yaml.getBytes(StandardCharsets.UTF_8), "application/yaml");
        assertThat(a.status()).as("POST /jobs: %s", a.body()).isEqualTo(202);
        return a.body().path("jobid").asText();
    }

    private String awaitEnd(String jobId, Duration timeout) {
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () ->
                                List.of("FINISHED", "FAILED", "CANCELED")
                                        .contains(cluster.state(jobId)));
        String state = cluster.state(jobId);
        if (!state.equals("FINISHED")) {
            System.out.println(
                    "JavaFunctionsIT: "
                            + jobId
                            + " "
                            + state
                            + ": "
                            + cluster.get("jobs/" + jobId + "/exceptions"));
        }
        return state;
    }

    @Test
    void exampleFunctionsRunExactlyOnceThroughAKill9() throws Exception {
        startCluster("java-functions");
        String jarId = cluster.client().uploadJar(exampleJar());
        JsonNode listed = cluster.get("jars");
        assertThat(listed.path("files").get(0).path("id").asText()).isEqualTo(jarId);
        Path rows = cluster.workDir.resolve("rows");
        Path totals = cluster.workDir.resolve("totals");
        String jobId =
                submit(
                        """
                name: java-functions-failover
                parallelism: 2
                checkpoints: {interval: 300ms}
                restart: {attempts: 10, delay: 200ms}
                jars: [%s]
                pipeline:
                  transforms:
                    - type: Sequence
                      config: {from: 0, to: %d, rate: 25000}
                    - type: JavaFunction
                      name: enrich
                      config:
                        class: com.example.Enrich
                        output: {value: long, bucket: string, square: long}
                    - type: JavaFunction
                      name: even
                      config: {class: com.example.EvenOnly}
                    - type: JavaFunction
                      name: repeat
                      config:
                        class: com.example.Repeat
                        output: {value: long, bucket: string, copy: long}
                    - type: WriteToFiles
                      input: repeat
                      config: {path: "%s"}
                    - type: KeyBy
                      input: repeat
                      config: {field: bucket}
                    - type: JavaFunction
                      name: totals
                      config:
                        class: com.example.BucketTotals
                        output: {bucket: string, count: long, sum: long}
                    - type: WriteToFiles
                      input: totals
                      config: {path: "%s"}
                """
                                .formatted(jarId, N - 1, rows, totals));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> cluster.completedCheckpoints(jobId) >= 3);
        ManagedProcess victim = busyExecutor();
        cluster.processes.kill(victim);
        executors.remove(victim);
        executors.add(startExecutor()); // a new executor: fetches the jar by hash first

        assertThat(awaitEnd(jobId, Duration.ofMinutes(2))).isEqualTo("FINISHED");
        assertThat(
                        cluster.get("jobs/" + jobId + "/checkpoints")
                                .path("counts")
                                .path("restored")
                                .asLong())
                .isGreaterThanOrEqualTo(1);

        // Enrich's counter, summed over subtasks; not checkpointed: the restarted attempt counts
        // from 0 the records after the checkpoint it restored
        long enriched = -1;
        for (JsonNode v : cluster.get("jobs/" + jobId).path("vertices")) {
            if (v.path("metrics").has("enrich.enriched")) {
                enriched = v.path("metrics").path("enrich.enriched").asLong();
            }
        }
        assertThat(enriched)
                .as("enrich.enriched in %s", cluster.get("jobs/" + jobId))
                .isBetween(1L, N);
        // map, filter, flatMap: every even value twice (copy 0 and 1), exactly once each
        Map<String, Integer> lines = new HashMap<>();
        for (String line : committedLines(rows)) {
            lines.merge(line, 1, Integer::sum);
        }
        assertThat(lines).hasSize((int) N);
        for (long v = 0; v < N; v += 2) {
            for (int copy = 0; copy < 2; copy++) {
                String expected = v + ",b" + (v % 10) + "," + copy;
                assertThat(lines.get(expected)).as(expected).isEqualTo(1);
            }
        }
        // the KeyedProcessFunction: per bucket, its state's count and sum, emitted by its timer
        Map<String, String> expectedTotals = new TreeMap<>();
        for (int b = 0; b < 10; b += 2) {
            long count = 0;
            long sum = 0;
            for (long v = b; v < N; v += 10) {
                count += 2;
                sum += 2 * v;
            }
            expectedTotals.put("b" + b, "b" + b + "," + count + "," + sum);
        }
        assertThat(new TreeMap<>(byFirstField(committedLines(totals)))).isEqualTo(expectedTotals);
    }

    @Test
    void throwingFunctionFailsTheJobWithTheUsersStackTrace_neverTheExecutor() throws Exception {
        startCluster("java-functions-faults");
        String jarId = cluster.client().uploadJar(faultyJar());
        String failing =
                submit(
                        """
                name: throwing
                restart: {attempts: 1, delay: 100ms}
                jars: [%s]
                pipeline:
                  transforms:
                    - type: Sequence
                      config: {from: 0, to: 1000}
                    - type: JavaFunction
                      config: {class: io.spate.e2e.functions.ThrowingMap}
                    - type: Discard
                """
                                .formatted(jarId));
        assertThat(awaitEnd(failing, Duration.ofSeconds(60))).isEqualTo("FAILED");
        String root =
                cluster.get("jobs/" + failing + "/exceptions").path("root-exception").asText();
        assertThat(root)
                .contains("boom from user code at value 100")
                .contains("io.spate.e2e.functions.ThrowingMap.map");
        assertThat(executors).allMatch(ManagedProcess::alive);

        // A function that never returns: the job is cancelled, its task does not stop, and the
        // watchdog exits that executor after spate.executor.task-cancellation-timeout (3 s).
        String hanging =
                submit(
                        """
                name: hanging
                jars: [%s]
                pipeline:
                  transforms:
                    - type: Sequence
                      config: {from: 0, to: 1000}
                    - type: JavaFunction
                      config: {class: io.spate.e2e.functions.HangingMap}
                    - type: Discard
                """
                                .formatted(jarId));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.state(hanging).equals("RUNNING"));
        Thread.sleep(500); // the function is in its loop
        CoordinatorClient.Answer cancel = cluster.client().cancel(hanging);
        assertThat(cancel.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> executors.stream().anyMatch(e -> !e.alive()));
        ManagedProcess exited =
                executors.stream().filter(e -> !e.alive()).findFirst().orElseThrow();
        assertThat(Files.readString(exited.log()))
                .contains("did not stop within spate.executor.task-cancellation-timeout")
                .contains("HangingMap.map");
        assertThat(awaitEnd(hanging, Duration.ofSeconds(60))).isEqualTo("CANCELED");
    }

    /** An executor with a used slot, matched by the HTTP port it logged to /taskmanagers. */
    private ManagedProcess busyExecutor() throws IOException {
        List<String> busyPorts = new ArrayList<>();
        for (JsonNode tm : cluster.get("taskmanagers").path("taskmanagers")) {
            if (tm.path("freeSlots").asInt() < tm.path("slotsNumber").asInt()) {
                String path = tm.path("path").asText();
                busyPorts.add(path.substring(path.lastIndexOf(':') + 1));
            }
        }
        for (ManagedProcess e : executors) {
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("Listening on: http://[^\\s:]+:(\\d+)")
                            .matcher(Files.readString(e.log()));
            if (m.find() && busyPorts.contains(m.group(1))) {
                return e;
            }
        }
        throw new AssertionError("no executor runs the job: " + cluster.get("taskmanagers"));
    }

    private static List<String> committedLines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (!name.startsWith(".") && !name.startsWith("_")) {
                    lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
                }
            }
        }
        return lines;
    }

    private static Map<String, String> byFirstField(List<String> lines) {
        Map<String, String> result = new HashMap<>();
        for (String line : lines) {
            String key = line.substring(0, line.indexOf(','));
            assertThat(result.put(key, line)).as("one line for %s", key).isNull();
        }
        return result;
    }
}
