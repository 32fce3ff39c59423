package io.spate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.spate.cli.cluster.ManagedProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The control plane across real processes: registration, loss detection after {@code kill -9},
 * re-registration, and a coordinator restart (new session) that every executor follows.
 */
class ControlPlaneIT {

    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Map<String, String> HEARTBEATS =
            Map.of(
                    "spate.heartbeat.interval", INTERVAL.toMillis() + "ms",
                    "spate.heartbeat.timeout", TIMEOUT.toMillis() + "ms");

    @Test
    void executorsRegisterAreRemovedWhenKilledAndFollowACoordinatorRestart() throws Exception {
        try (E2eCluster cluster = new E2eCluster("control-plane", HEARTBEATS)) {
            cluster.processes.startCoordinator(Map.of());
            ManagedProcess first =
                    cluster.processes.startExecutor(Map.of("spate.executor.slots", "2"));
            cluster.processes.startExecutor(Map.of("spate.executor.slots", "3"));

            // Listed within seconds of start (JVM start included).
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.registeredExecutors() == 2);
            assertThat(cluster.get("overview").path("slots-total").asInt()).isEqualTo(5);
            assertThat(cluster.get("overview").path("slots-available").asInt()).isEqualTo(5);

            // kill -9 one: removed within timeout + one interval (scheduling noise allowed for).
            long killedAt = System.nanoTime();
            cluster.processes.kill(first);
            await().atMost(TIMEOUT.plus(INTERVAL).plusSeconds(2))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> cluster.registeredExecutors() == 1);
            long detectedMillis = (System.nanoTime() - killedAt) / 1_000_000;
            System.out.println("executor loss detected " + detectedMillis + " ms after kill -9");
            assertThat(cluster.get("overview").path("slots-total").asInt()).isEqualTo(3);

            // Start it again: listed again.
            cluster.processes.startExecutor(Map.of("spate.executor.slots", "2"));
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.registeredExecutors() == 2);

            // Restart the coordinator on the same port: both executors notice and register with the
            // new session.
            cluster.processes.kill(cluster.processes.coordinator());
            cluster.processes.startCoordinator(Map.of());
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.registeredExecutors() == 2);
            assertThat(cluster.get("overview").path("slots-total").asInt()).isEqualTo(5);
        }
    }
}
