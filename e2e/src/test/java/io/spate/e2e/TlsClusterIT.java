package io.spate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.cli.cluster.ManagedProcess;
import io.spate.cli.cluster.SpateHome;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cluster with {@code spate.tls.*} from {@code bin/spate-certs} (src-docs/security.md "TLS"):
 * executors register over mutual TLS, a checkpointed wordcount runs across two executors and emits
 * every count exactly once, the REST port answers HTTPS only, and an executor without the cluster's
 * certificate is never registered.
 */
class TlsClusterIT {

    private static final long COUNT = 500_000;
    private static final int VOCABULARY = 5_000;

    private E2eCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void wordcountRunsOverMutualTlsAndStrangersAreRefused() throws Exception {
        Path certs = Files.createTempDirectory("spate-certs");
        Map<String, String> tls = certificates(certs);
        cluster = new E2eCluster("tls", tls);
        cluster.processes.startCoordinator(Map.of());
        for (int i = 0; i < 2; i++) {
            cluster.processes.startExecutor(Map.of("spate.executor.slots", "2"));
        }
        cluster.processes.awaitExecutors(cluster.client(), 2, Duration.ofSeconds(90));
        assertThat(cluster.processes.coordinatorUri().getScheme()).isEqualTo("https");

        // Plain HTTP on the REST port gets no answer: the port speaks TLS only.
        URI plain = URI.create("http://127.0.0.1:" + cluster.processes.coordinatorPort() + "/");
        assertThatThrownBy(
                        () ->
                                HttpClient.newBuilder()
                                        .connectTimeout(Duration.ofSeconds(5))
                                        .build()
                                        .send(
                                                HttpRequest.newBuilder(plain.resolve("overview"))
                                                        .timeout(Duration.ofSeconds(5))
                                                        .build(),
                                                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        // HTTPS without the cluster CA is not trusted by a client.
        assertThatThrownBy(
                        () ->
                                new CoordinatorClient(
                                                cluster.processes.coordinatorUri(),
                                                Optional.empty())
                                        .get("overview"))
                .isInstanceOf(IOException.class);

        // An executor that trusts the cluster's CA but presents a certificate of another CA: the
        // coordinator refuses its calls, so it is never registered.
        Map<String, String> strangerTls =
                new LinkedHashMap<>(certificates(Files.createTempDirectory("spate-stranger")));
        strangerTls.put("spate.tls.trust", tls.get("spate.tls.trust"));
        ManagedProcess intruder = cluster.processes.startExecutor(strangerTls);

        Path out = cluster.workDir.resolve("out");
        String jobId =
                cluster.client()
                        .submit(
                                """
                name: wordcount-tls
                parallelism: 4
                checkpoints: {interval: 300ms}
                pipeline:
                  transforms:
                    - {type: Words, config: {count: %d, vocabulary: %d}}
                    - {type: KeyBy, config: {field: word}}
                    - {type: RunningCount}
                    - {type: WriteToFiles, config: {path: "%s"}}
                """
                                        .formatted(COUNT, VOCABULARY, out)
                                        .getBytes(StandardCharsets.UTF_8),
                                "application/yaml")
                        .body()
                        .path("jobid")
                        .asText();
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

        // By now the intruder has tried to register for as long as the job ran, and kept failing.
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () ->
                                Files.readString(intruder.log())
                                                .split("cannot register with coordinator", -1)
                                                .length
                                        > 2);
        JsonNode tms = cluster.get("taskmanagers").path("taskmanagers");
        assertThat(tms.size()).as("the intruder is not registered: %s", tms).isEqualTo(2);
        assertThat(Files.readString(intruder.log())).doesNotContain("registered with coordinator");
    }

    /** Runs bin/spate-certs into {@code dir} and returns the spate.tls.* lines it prints. */
    private static Map<String, String> certificates(Path dir) throws Exception {
        Path script = SpateHome.detect().root().resolve("bin").resolve("spate-certs");
        Process p =
                new ProcessBuilder(script.toString(), dir.toString())
                        .redirectErrorStream(true)
                        .start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(printed).isZero();
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : printed.split("\n")) {
            if (line.startsWith("spate.tls.")) {
                int eq = line.indexOf('=');
                keys.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertThat(keys).containsKeys("spate.tls.enabled", "spate.tls.key", "spate.tls.trust");
        return keys;
    }
}
