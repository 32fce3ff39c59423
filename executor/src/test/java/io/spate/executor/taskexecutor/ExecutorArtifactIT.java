package io.spate.executor.taskexecutor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged executor (the fast jar here; the {@code -runner} executable when built with {@code
 * -Dnative}) as a separate process, with no coordinator to register with: it is live, reports
 * itself not ready (unregistered), and serves its metrics.
 */
@QuarkusIntegrationTest
@TestProfile(ExecutorArtifactIT.NoCoordinator.class)
class ExecutorArtifactIT {

    /** Port 1 on loopback: nothing listens, so registration keeps backing off harmlessly. */
    public static final class NoCoordinator implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("spate.coordinator.address", "127.0.0.1:1");
        }
    }

    @Test
    void liveButNotReadyWithoutACoordinator() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.status", hasItem("DOWN"));
    }

    @Test
    void servesPrometheusMetrics() {
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("jvm_threads_live_threads"));
    }
}
