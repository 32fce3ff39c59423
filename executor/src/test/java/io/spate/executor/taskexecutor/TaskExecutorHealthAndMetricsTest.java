package io.spate.executor.taskexecutor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code /q/health} and {@code /q/metrics} of an executor whose coordinator does not answer (the
 * %test profile points it at a port nothing listens on).
 */
@QuarkusTest
class TaskExecutorHealthAndMetricsTest {

    @Test
    void isLiveButNotReadyWhileUnregistered() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));

        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(503)
                .body(
                        "checks.find { it.name == 'coordinator registration' }.status",
                        equalTo("DOWN"));

        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () ->
                                given().when()
                                        .get("/q/health")
                                        .then()
                                        .statusCode(503)
                                        .body(
                                                "checks.find { it.name == 'coordinator registration'"
                                                        + " }.data.'registration-attempts'",
                                                greaterThan(1))
                                        .body(
                                                "checks.find { it.name == 'coordinator registration' }.data.'last-failure'",
                                                containsString("UNAVAILABLE")));
    }

    @Test
    void publishesRegistrationAndSlotMeters() {
        given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("spate_executor_registered 0.0"))
                .body(containsString("spate_executor_slots_capacity 2.0"))
                .body(containsString("spate_executor_slots_free 2.0"))
                .body(containsString("spate_executor_registration_attempts_total"));
    }
}
