package io.spate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.cli.cluster.ProcessCluster;
import io.spate.cli.cluster.SpateHome;
import io.spate.cli.rest.CoordinatorClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** A {@link ProcessCluster} for one test: its own work dir under target/, and a REST client. */
final class E2eCluster implements AutoCloseable {

    final ProcessCluster processes;
    private CoordinatorClient client;
    final Path workDir;
    private final Optional<String> token;
    private final Optional<Path> trust;

    E2eCluster(String testName, Map<String, String> common) {
        token = Optional.ofNullable(common.get("spate.auth.token"));
        trust = Optional.ofNullable(common.get("spate.tls.trust")).map(Path::of);
        try {
            workDir =
                    Files.createDirectories(
                            Path.of("target", "e2e", testName + "-" + System.currentTimeMillis())
                                    .toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        processes = new ProcessCluster(SpateHome.detect(), workDir, common);
    }

    CoordinatorClient client() {
        if (client == null) {
            client = new CoordinatorClient(processes.coordinatorUri(), token, trust);
        }
        return client;
    }

    /** The executor ids listed by GET /taskmanagers; empty while the coordinator is down. */
    int registeredExecutors() {
        try {
            CoordinatorClient.Answer a = client().get("taskmanagers");
            return a.ok() ? a.body().path("taskmanagers").size() : -1;
        } catch (IOException down) {
            return -1;
        }
    }

    JsonNode get(String path) {
        try {
            return client().get(path).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The job's state as GET /jobs/{id} says it. */
    String state(String jobId) {
        return get("jobs/" + jobId).path("state").asText();
    }

    /** counts.completed of GET /jobs/{id}/checkpoints. */
    long completedCheckpoints(String jobId) {
        return get("jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    @Override
    public void close() {
        processes.close();
    }
}
