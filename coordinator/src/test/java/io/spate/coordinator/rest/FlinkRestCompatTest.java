package io.spate.coordinator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What Flink's clients rely on: every path also under {@code /v1/}, errors as {@code {"errors":
 * [...]}} JSON whatever the status, and {@code GET /jobs/overview} entries with {@code
 * last-modification} and {@code tasks} as Flink's JobDetails.
 */
@QuarkusTest
class FlinkRestCompatTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final String SPEC =
            """
      {"name": "flink-compat", "parallelism": 2, "pipeline": {"transforms": [
        {"type": "Sequence", "config": {"to": 100}}, {"type": "Discard"}]}}
      """;

    private static final List<String> TASK_STATES =
            List.of(
                    "created",
                    "scheduled",
                    "deploying",
                    "running",
                    "finished",
                    "canceling",
                    "canceled",
                    "failed",
                    "reconciling",
                    "initializing");

    @TestHTTPResource("/")
    URL coordinator;

    private FakeExecutor executor;

    @AfterEach
    void stop() throws Exception {
        if (executor != null) {
            executor.close();
        }
    }

    private static ValidatableResponse jsonError(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType(startsWith("application/json"))
                .body("errors", hasSize(1))
                .body("errors[0]", notNullValue());
    }

    @Test
    void everyPathAnswersUnderV1TheSame() throws Exception {
        executor = new FakeExecutor(coordinator, false);
        executor.register(2);
        String jobId =
                given().contentType("application/json")
                        .body(SPEC.getBytes(StandardCharsets.UTF_8))
                        .post("/v1/jobs")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("jobid");
        await().atMost(WAIT)
                .until(
                        () ->
                                "RUNNING"
                                        .equals(
                                                given().get("/v1/jobs/" + jobId)
                                                        .then()
                                                        .statusCode(200)
                                                        .extract()
                                                        .path("state")));

        for (String path :
                List.of(
                        "/overview",
                        "/taskmanagers",
                        "/jobs/overview",
                        "/jobs/" + jobId + "/exceptions",
                        "/jobs/" + jobId + "/checkpoints",
                        "/jars",
                        "/config")) {
            Map<String, Object> plain =
                    given().get(path).then().statusCode(200).extract().jsonPath().getMap("$");
            Map<String, Object> v1 =
                    given().get("/v1" + path)
                            .then()
                            .statusCode(200)
                            .contentType(startsWith("application/json"))
                            .extract()
                            .jsonPath()
                            .getMap("$");
            assertThat(v1.keySet()).as(path).isEqualTo(plain.keySet());
        }
        given().get("/v1/jobs/overview").then().body("jobs.jid", hasItem(jobId));
        given().get("/v1/jobs/" + jobId)
                .then()
                .body("jid", equalTo(jobId))
                .body("vertices", hasSize(1));

        // The query string survives the reroute: Flink's cancel is PATCH ?mode=cancel.
        jsonError(given().patch("/v1/jobs/" + jobId + "?mode=stop").then(), 400)
                .body("errors[0]", equalTo("mode: expected 'cancel', got 'stop'"));
        given().patch("/v1/jobs/" + jobId + "?mode=cancel").then().statusCode(202);
        await().atMost(WAIT)
                .until(
                        () ->
                                "CANCELED"
                                        .equals(
                                                given().get("/v1/jobs/" + jobId)
                                                        .then()
                                                        .extract()
                                                        .path("state")));
        assertThat(executor.cancelled).hasSize(2);
    }

    @Test
    void onlyTheExactPrefixIsV1AndQuarkusEndpointsAreNotUnderIt() {
        for (String path :
                List.of(
                        "/v1/q/health",
                        "/v1/q/metrics",
                        "/v1/v1/overview",
                        "/V1/overview",
                        "/v1%2Foverview",
                        "/v2/overview",
                        "/v1overview")) {
            jsonError(given().urlEncodingEnabled(false).get(path).then(), 404);
        }
    }

    @Test
    void bodyLimitsApplyUnderV1() {
        byte[] big = new byte[(1 << 20) + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        jsonError(given().contentType("application/json").body(big).post("/v1/jobs").then(), 413)
                .body("errors[0]", startsWith("body: the job spec is"));
    }

    @Test
    void errorsAreJsonWhateverTheStatus() {
        jsonError(given().get("/no/such/path").then(), 404)
                .body("errors[0]", equalTo("not found: /no/such/path"));
        jsonError(given().accept("text/html").get("/no/such/path").then(), 404);
        jsonError(given().get("/jobs/0123/nothing-here").then(), 404);
        jsonError(given().delete("/jobs/overview").then(), 405);
        jsonError(given().post("/overview").then(), 405);
        jsonError(given().patch("/jobs/00000000000000000000000000000000").then(), 400)
                .body("errors[0]", equalTo("mode: expected 'cancel', got nothing"));
        jsonError(
                        given().contentType("text/plain")
                                .body("x".getBytes(StandardCharsets.UTF_8))
                                .post("/v1/jobs")
                                .then(),
                        415)
                .body("errors[0]", startsWith("Content-Type 'text/plain"));
        jsonError(given().contentType("application/json").post("/jars/upload").then(), 403);
        // The spec validation keeps its list of every problem.
        given().contentType("application/yaml")
                .body("parallelism: x\n".getBytes(StandardCharsets.UTF_8))
                .post("/jobs")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/json"))
                .body("errors", hasItem("name: required"))
                .body("errors", hasItem("parallelism: expected an integer, got \"x\""));
    }

    @Test
    void internalErrorsAreJsonWithoutTheCause() {
        var response = new RestErrors().unexpected(new IllegalStateException("secret detail"));
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getEntity())
                .isEqualTo(JobsJson.Errors.of(RestErrors.INTERNAL))
                .asString()
                .doesNotContain("secret");
    }

    @Test
    void jobsOverviewHasFlinksLastModificationAndTaskCounts() throws Exception {
        executor = new FakeExecutor(coordinator, false);
        executor.register(2);
        String jobId =
                given().contentType("application/json")
                        .body(
                                SPEC.replace("flink-compat", "flink-list")
                                        .getBytes(StandardCharsets.UTF_8))
                        .post("/jobs")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("jobid");
        String entry = "jobs.find { it.jid == '" + jobId + "' }";
        await().atMost(WAIT)
                .until(
                        () ->
                                Integer.valueOf(2)
                                        .equals(
                                                given().get("/v1/jobs/overview")
                                                        .then()
                                                        .extract()
                                                        .path(entry + ".tasks.running")));
        Map<String, Object> job =
                given().get("/v1/jobs/overview").then().extract().jsonPath().getMap(entry);
        assertThat(job.get("state")).isEqualTo("RUNNING");
        @SuppressWarnings("unchecked")
        Map<String, Integer> tasks = (Map<String, Integer>) job.get("tasks");
        assertThat(tasks.keySet()).containsAll(TASK_STATES).contains("total");
        assertThat(tasks.get("total")).isEqualTo(2);
        assertThat(TASK_STATES.stream().mapToInt(tasks::get).sum()).isEqualTo(tasks.get("total"));
        long start = ((Number) job.get("start-time")).longValue();
        long running = ((Number) job.get("last-modification")).longValue();
        assertThat(running).isGreaterThanOrEqualTo(start);
        assertThat(running).isLessThanOrEqualTo(System.currentTimeMillis());

        given().patch("/jobs/" + jobId + "?mode=cancel").then().statusCode(202);
        await().atMost(WAIT)
                .until(
                        () ->
                                Integer.valueOf(2)
                                        .equals(
                                                given().get("/jobs/overview")
                                                        .then()
                                                        .extract()
                                                        .path(entry + ".tasks.canceled")));
        Map<String, Object> ended =
                given().get("/jobs/overview").then().extract().jsonPath().getMap(entry);
        assertThat(ended.get("state")).isEqualTo("CANCELED");
        long endTime = ((Number) ended.get("end-time")).longValue();
        long lastModification = ((Number) ended.get("last-modification")).longValue();
        assertThat(lastModification).isGreaterThanOrEqualTo(endTime).isGreaterThan(running);
        @SuppressWarnings("unchecked")
        Map<String, Integer> endedTasks = (Map<String, Integer>) ended.get("tasks");
        assertThat(endedTasks.get("running")).isZero();
        assertThat(endedTasks.get("total")).isEqualTo(2);
    }

    @Test
    void configHasTheDashboardShape() {
        given().get("/v1/config")
                .then()
                .statusCode(200)
                .body("refresh-interval", equalTo(3000))
                .body("timezone-name", notNullValue())
                .body("timezone-offset", notNullValue())
                .body("flink-version", notNullValue())
                .body("flink-revision", notNullValue())
                .body("features.web-submit", equalTo(false))
                .body("features.web-cancel", equalTo(true))
                .body("features.web-rescale", equalTo(false))
                .body("features.web-history", equalTo(false));
    }
}
