package io.spate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.cli.cluster.ManagedProcess;
import io.spate.cli.rest.CoordinatorClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A checkpointed wordcount runs on a cluster with {@code spate.auth.token} set while a second
 * process, {@link HostileNeighbour}, attacks every executor's data port and the coordinator's REST
 * port. The job must finish with every count exactly once and without a single failover (no healthy
 * executor declared lost), the attacker must get nothing done, and each executor's heap and direct
 * memory must come back to where they were before the attack.
 */
class HostileNeighbourIT {

    private static final long COUNT = 1_500_000;
    private static final int VOCABULARY = 10_000;
    private static final int ATTACK_SECONDS = 25;
    private static final long HEAP_SLACK = 48L << 20;
    private static final long DIRECT_SLACK = 16L << 20;

    private E2eCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void attacksOnDataAndRestPorts_changeNothingInTheJob() throws Exception {
        String token = "hostile-" + UUID.randomUUID();
        cluster = new E2eCluster("hostile", Map.of("spate.auth.token", token));
        cluster.processes.startCoordinator(Map.of());
        List<ManagedProcess> executors = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            executors.add(
                    cluster.processes.startExecutor(
                            Map.of(
                                    "spate.executor.slots",
                                    "2",
                                    // short enough that the attack outlives them
                                    "spate.network.idle-timeout",
                                    "5s",
                                    "spate.network.handshake-timeout",
                                    "5s",
                                    "spate.network.frame-timeout",
                                    "5s")));
        }
        cluster.processes.awaitExecutors(cluster.client(), 2, Duration.ofSeconds(90));
        TreeSet<String> executorIds = executorIds();

        Path out = cluster.workDir.resolve("out");
        String jobId = submitWordcount(out);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.completedCheckpoints(jobId) >= 2);

        Map<String, long[]> before = memoryAfterGc(executors);

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(HostileNeighbour.class.getName());
        command.add(Integer.toString(ATTACK_SECONDS));
        command.add(cluster.processes.coordinatorUri().toString());
        command.add(jobId);
        command.add(token);
        for (JsonNode tm : cluster.get("taskmanagers").path("taskmanagers")) {
            command.add(host(tm) + ":" + tm.path("dataPort").asInt());
        }
        Path attackerLog = cluster.workDir.resolve("logs").resolve("hostile-neighbour.log");
        Files.createDirectories(attackerLog.getParent());
        Process attacker =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(attackerLog.toFile())
                        .start();
        try {
            assertThat(attacker.waitFor(ATTACK_SECONDS + 120, TimeUnit.SECONDS))
                    .as("the attacker ends; its log: %s", attackerLog)
                    .isTrue();
        } finally {
            attacker.destroyForcibly();
        }
        Map<String, Long> attack = summary(attackerLog);
        System.out.println("HostileNeighbourIT: " + attack);

        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () ->
                                List.of("FINISHED", "FAILED", "CANCELED")
                                        .contains(cluster.state(jobId)));
        assertThat(cluster.state(jobId))
                .as("exceptions: %s", cluster.get("jobs/" + jobId + "/exceptions"))
                .isEqualTo("FINISHED");
        WordcountOutput.assertExactlyOnce(
                WordcountOutput.expectedCounts(COUNT, VOCABULARY), WordcountOutput.readCounts(out));
        assertThat(cluster.get("jobs/" + jobId + "/exceptions").path("all-exceptions").size())
                .as("failovers during the attack (an executor declared lost, a task failed)")
                .isZero();
        assertThat(executorIds()).as("the same executors, none lost").isEqualTo(executorIds);

        assertThat(attack.getOrDefault("breaches", -1L))
                .as("REST calls without the token that succeeded")
                .isZero();
        assertThat(attack.getOrDefault("rest.401", 0L)).as("refused for the token").isPositive();
        assertThat(attack.getOrDefault("rest.413", 0L)).as("refused for size").isPositive();
        assertThat(attack.getOrDefault("rest.authorised-not-413", 0L)).isZero();
        assertThat(attack.getOrDefault("random.left-open", 0L))
                .as("garbage connections the data port did not close")
                .isZero();
        assertThat(attack.getOrDefault("random.closed", 0L)).isPositive();
        assertThat(attack.getOrDefault("idle.still-open", 0L))
                .as("idle connections still open after the idle timeout")
                .isZero();
        assertThat(attack.getOrDefault("slowloris.finished-unclosed", 0L))
                .as("slow-loris frames the data port waited for to the end")
                .isZero();

        Map<String, long[]> after = memoryAfterGc(executors);
        for (Map.Entry<String, long[]> e : before.entrySet()) {
            long[] b = e.getValue();
            long[] a = after.get(e.getKey());
            System.out.printf(
                    "HostileNeighbourIT: executor %s heap %d -> %d MB, direct %d -> %d MB%n",
                    e.getKey(), b[0] >> 20, a[0] >> 20, b[1] >> 20, a[1] >> 20);
            assertThat(a[0]).as("heap after GC of %s", e.getKey()).isLessThan(b[0] + HEAP_SLACK);
            assertThat(a[1]).as("direct memory of %s", e.getKey()).isLessThan(b[1] + DIRECT_SLACK);
        }
    }

    private String submitWordcount(Path out) throws IOException {
        String yaml =
                """
        name: wordcount-under-attack
        parallelism: 2
        checkpoints: {interval: 500ms}
        pipeline:
          transforms:
            - type: Words
              config: {count: %d, vocabulary: %d, rate: 30000}
            - type: KeyBy
              config: {field: word}
            - type: RunningCount
            - type: WriteToFiles
              config: {path: "%s"}
        """
                        .formatted(COUNT, VOCABULARY, out);
        CoordinatorClient.Answer a =
                cluster.client().submit(yaml.getBytes(StandardCharsets.UTF_8), "application/yaml");
        assertThat(a.status()).as("POST /jobs: %s", a.body()).isEqualTo(202);
        return a.body().path("jobid").asText();
    }

    private TreeSet<String> executorIds() {
        TreeSet<String> ids = new TreeSet<>();
        for (JsonNode tm : cluster.get("taskmanagers").path("taskmanagers")) {
            ids.add(tm.path("id").asText());
        }
        return ids;
    }

    private static String host(JsonNode tm) {
        String path = tm.path("path").asText();
        return path.substring(0, path.lastIndexOf(':'));
    }

    /** Per executor (by gRPC address): heap used and direct buffers used, after a full GC. */
    private Map<String, long[]> memoryAfterGc(List<ManagedProcess> executors) throws Exception {
        for (ManagedProcess e : executors) {
            Process gc =
                    new ProcessBuilder(
                                    Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                            .toString(),
                                    Long.toString(e.pid()),
                                    "GC.run")
                            .redirectErrorStream(true)
                            .start();
            gc.getInputStream().readAllBytes();
            assertThat(gc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        HttpClient http = HttpClient.newHttpClient();
        Map<String, long[]> memory = new HashMap<>();
        for (JsonNode tm : cluster.get("taskmanagers").path("taskmanagers")) {
            String path = tm.path("path").asText();
            String metrics =
                    http.send(
                                    HttpRequest.newBuilder(
                                                    URI.create("http://" + path + "/q/metrics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            memory.put(
                    path,
                    new long[] {
                        sum(metrics, "jvm_memory_used_bytes\\{area=\"heap\"[^}]*\\} (\\S+)"),
                        sum(metrics, "jvm_buffer_memory_used_bytes\\{id=\"direct\"[^}]*\\} (\\S+)")
                    });
        }
        return memory;
    }

    private static long sum(String prometheus, String regex) {
        Matcher m = Pattern.compile(regex).matcher(prometheus);
        double total = 0;
        boolean found = false;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
            found = true;
        }
        assertThat(found).as("metric %s in /q/metrics", regex).isTrue();
        return (long) total;
    }

    private static Map<String, Long> summary(Path log) throws IOException {
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("HOSTILE")) {
                Map<String, Long> counts = new HashMap<>();
                for (String kv : line.substring("HOSTILE".length()).trim().split(" ")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        counts.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
                    }
                }
                return counts;
            }
        }
        throw new AssertionError(
                "the attacker printed no HOSTILE line; log:\n" + Files.readString(log));
    }
}
