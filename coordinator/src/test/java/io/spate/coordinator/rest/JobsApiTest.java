package io.spate.coordinator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.TaskDeploymentDescriptor;
import io.spate.rpc.proto.TaskMetrics;
import io.spate.rpc.proto.TaskState;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The jobs API end to end inside the coordinator: real gRPC executors (fakes that run no operators)
 * register, jobs are submitted over REST, deployed, and driven to their end.
 */
@QuarkusTest
class JobsApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final String WORDCOUNT_YAML =
            """
      name: wordcount
      parallelism: 2
      pipeline:
        transforms:
          - {type: Words, config: {count: 1000}}
          - {type: KeyBy, config: {field: word}}
          - {type: RunningCount}
          - {type: Discard}
      """;

    private static final String SEQUENCE_JSON =
            """
      {"name": "sequence", "pipeline": {"transforms": [
        {"type": "Sequence", "config": {"to": 100}},
        {"type": "Discard"}]}}
      """;

    @TestHTTPResource("/")
    URL coordinator;

    private FakeExecutor executor;

    @AfterEach
    void stop() throws Exception {
        if (executor != null) {
            executor.close(); // the coordinator then loses it (connection refused)
        }
    }

    /** A fake executor that is the only one in the cluster (other tests' executors are gone). */
    private FakeExecutor onlyExecutor(boolean finishTasks, int slots) throws Exception {
        executor = new FakeExecutor(coordinator, finishTasks);
        executor.register(slots);
        await().atMost(WAIT)
                .until(
                        () ->
                                given().get("/taskmanagers")
                                        .then()
                                        .extract()
                                        .<List<String>>path("taskmanagers.id")
                                        .equals(List.of(executor.id)));
        return executor;
    }

    private static String submit(String spec, String contentType) {
        return given().contentType(contentType)
                .body(spec.getBytes(StandardCharsets.UTF_8))
                .post("/jobs")
                .then()
                .statusCode(202)
                .body("jobid", matchesPattern("[0-9a-f]{32}"))
                .extract()
                .path("jobid");
    }

    private static String state(String jobId) {
        return given().get("/jobs/" + jobId).then().statusCode(200).extract().path("state");
    }

    private static ValidatableResponse awaitState(String jobId, String state) {
        await().atMost(WAIT).until(() -> state(jobId).equals(state));
        return given().get("/jobs/" + jobId).then().statusCode(200);
    }

    @Test
    void yamlJobRunsOnTheExecutorsAndFinishes() throws Exception {
        FakeExecutor fake = onlyExecutor(true, 2);
        String jobId = submit(WORDCOUNT_YAML, "application/yaml");

        awaitState(jobId, "FINISHED")
                .body("jid", equalTo(jobId))
                .body("name", equalTo("wordcount"))
                .body("vertices", hasSize(2))
                .body("vertices[0].name", equalTo("Words"))
                .body("vertices[0].parallelism", equalTo(2))
                .body("vertices[0].status", equalTo("FINISHED"))
                .body("vertices[0].metrics.write-records", equalTo(20))
                .body("vertices[0].metrics.write-bytes", equalTo(200))
                .body("vertices[1].metrics.read-records", equalTo(14));
        long start =
                given().get("/jobs/" + jobId)
                        .then()
                        .extract()
                        .<Number>path("start-time")
                        .longValue();
        long end =
                given().get("/jobs/" + jobId).then().extract().<Number>path("end-time").longValue();
        long duration =
                given().get("/jobs/" + jobId).then().extract().<Number>path("duration").longValue();
        assertThat(end).isGreaterThanOrEqualTo(start);
        assertThat(duration).isEqualTo(end - start);

        assertThat(fake.submitted).hasSize(4);
        assertThat(fake.submitted).extracting(t -> t.getJobId()).containsOnly(jobId);
        assertThat(Set.copyOf(fake.submitted.stream().map(t -> t.getSlotIndex()).toList()))
                .containsExactlyInAnyOrder(0, 1);
        given().get("/jobs/overview")
                .then()
                .statusCode(200)
                .body("jobs.find { it.jid == '" + jobId + "' }.state", equalTo("FINISHED"))
                .body("jobs.find { it.jid == '" + jobId + "' }.name", equalTo("wordcount"));
        given().get("/jobs/" + jobId + "/exceptions")
                .then()
                .statusCode(200)
                .body("root-exception", nullValue())
                .body("all-exceptions", hasSize(0));
        await().atMost(WAIT)
                .until(
                        () ->
                                given().get("/overview")
                                                .then()
                                                .extract()
                                                .<Integer>path("slots-available")
                                        == 2);
    }

    @Test
    void jsonJobIsAcceptedAndListedWhileItRuns() throws Exception {
        FakeExecutor fake = onlyExecutor(false, 1);
        String jobId = submit(SEQUENCE_JSON, "application/json");

        awaitState(jobId, "RUNNING")
                .body("end-time", equalTo(-1))
                .body("vertices[0].name", equalTo("Sequence -> Discard"));
        await().atMost(WAIT)
                .until(
                        () ->
                                "RUNNING"
                                        .equals(
                                                given().get("/jobs/" + jobId)
                                                        .then()
                                                        .extract()
                                                        .path("vertices[0].status")));
        given().get("/jobs/overview").then().body("jobs.jid", hasItem(jobId));
        given().get("/overview").then().body("slots-available", equalTo(0));
        assertThat(fake.submitted).hasSize(1);

        given().patch("/jobs/" + jobId + "?mode=cancel").then().statusCode(202);
        awaitState(jobId, "CANCELED");
    }

    @Test
    void staleTaskUpdatesOfARunningJobAreAnsweredNotAccepted() throws Exception {
        FakeExecutor fake = onlyExecutor(false, 1);
        String jobId = submit(SEQUENCE_JSON, "application/json");
        awaitState(jobId, "RUNNING");
        TaskDeploymentDescriptor task = fake.submitted.get(0);

        Ack oldAttempt =
                fake.report(
                        task,
                        "0123456789abcdef0123456789abcdef",
                        fake.registrationId(),
                        TaskState.FAILED,
                        TaskMetrics.getDefaultInstance());
        Ack notItsSlot =
                fake.report(
                        task,
                        task.getExecutionAttemptId(),
                        "another-registration",
                        TaskState.FAILED,
                        TaskMetrics.getDefaultInstance());

        for (Ack refused : List.of(oldAttempt, notItsSlot)) {
            assertThat(refused.getAccepted()).isFalse();
            assertThat(refused.getDetail()).contains("ignored by the job master of " + jobId);
        }
        given().get("/jobs/" + jobId).then().body("state", equalTo("RUNNING"));
        given().patch("/jobs/" + jobId + "?mode=cancel").then().statusCode(202);
        awaitState(jobId, "CANCELED");
    }

    @Test
    void cancelGoesToCanceledAndASecondCancelConflicts() throws Exception {
        FakeExecutor fake = onlyExecutor(false, 2);
        String jobId = submit(WORDCOUNT_YAML, "application/x-yaml");
        awaitState(jobId, "RUNNING");

        given().patch("/jobs/" + jobId + "?mode=stop")
                .then()
                .statusCode(400)
                .body("errors[0]", equalTo("mode: expected 'cancel', got 'stop'"));
        given().patch("/jobs/" + jobId + "?mode=cancel").then().statusCode(202);

        awaitState(jobId, "CANCELED").body("end-time", org.hamcrest.Matchers.greaterThan(0L));
        assertThat(fake.cancelled).hasSize(4);
        given().patch("/jobs/" + jobId + "?mode=cancel")
                .then()
                .statusCode(409)
                .body(
                        "errors[0]",
                        equalTo(
                                "job "
                                        + jobId
                                        + " has already ended (CANCELED); nothing to cancel"));
        await().atMost(WAIT)
                .until(
                        () ->
                                given().get("/overview")
                                                .then()
                                                .extract()
                                                .<Integer>path("slots-available")
                                        == 2);
    }

    @Test
    void jobWithoutEnoughSlotsFailsAfterTheSlotTimeout() {
        String jobId =
                submit(
                        WORDCOUNT_YAML.replace(
                                "parallelism: 2", "parallelism: 1000\nmaxParallelism: 1024"),
                        "text/yaml");

        assertThat(state(jobId)).isEqualTo("CREATED");
        awaitState(jobId, "FAILED");
        given().get("/jobs/" + jobId + "/exceptions")
                .then()
                .statusCode(200)
                .body(
                        "root-exception",
                        startsWith("not enough slots: job needs 1000, cluster has "))
                .body("all-exceptions", hasSize(1));
        given().patch("/jobs/" + jobId + "?mode=cancel").then().statusCode(409);
    }

    @Test
    void invalidSpecIsRefusedWithEveryErrorAndNothingIsDeployed() throws Exception {
        FakeExecutor fake = onlyExecutor(true, 2);
        int jobsBefore =
                given().get("/jobs/overview").then().extract().<List<?>>path("jobs").size();

        given().contentType("application/yaml")
                .body(
                        "parallelism: x\npipeline:\n  transforms:\n    - {type: Words}\n    - {type: Foo}\n"
                                .getBytes(StandardCharsets.UTF_8))
                .post("/jobs")
                .then()
                .statusCode(400)
                .body("errors", hasItem("name: required"))
                .body("errors", hasItem("parallelism: expected an integer, got \"x\""))
                .body(
                        "errors",
                        hasItem(startsWith("pipeline.transforms[1].type: unknown type \"Foo\"")));

        given().get("/jobs/overview").then().body("jobs", hasSize(jobsBefore));
        given().get("/overview").then().body("slots-available", equalTo(2));
        assertThat(fake.submitted).isEmpty();
    }

    @Test
    void aBadExpressionIsA400NamingItsPathExpressionAndColumn() throws Exception {
        FakeExecutor fake = onlyExecutor(true, 2);
        given().contentType("application/yaml")
                .body(
                        ("name: bad-expressions\npipeline:\n  transforms:\n"
                                        + "    - {type: Sequence, config: {to: 9}}\n"
                                        + "    - {type: Filter, config: {expression: \"value > 1 &&\"}}\n"
                                        + "    - {type: MapToFields, config: {fields: {euro: \"prise * 0.9\"}}}\n"
                                        + "    - {type: Log}\n")
                                .getBytes(StandardCharsets.UTF_8))
                .post("/jobs")
                .then()
                .statusCode(400)
                .body(
                        "errors",
                        hasItem(
                                startsWith(
                                        "pipeline.transforms[1].config.expression: \"value > 1 &&\":"
                                                + " column 13: mismatched input '<EOF>'")))
                .body(
                        "errors",
                        hasItem(
                                "pipeline.transforms[2].config.fields.euro: \"prise * 0.9\": column 1:"
                                        + " undeclared reference to 'prise' (in container '')"));
        assertThat(fake.submitted).isEmpty();
    }

    @Test
    void unsupportedContentTypeIs415WithAJsonError() {
        given().contentType("text/plain")
                .body(WORDCOUNT_YAML.getBytes(StandardCharsets.UTF_8))
                .post("/jobs")
                .then()
                .statusCode(415)
                .body("errors[0]", startsWith("Content-Type 'text/plain"))
                .body(
                        "errors[0]",
                        org.hamcrest.Matchers.containsString(
                                "not supported: send the job spec as application/yaml"));
    }

    @Test
    void unknownJobIs404Everywhere() {
        String unknown = "00000000000000000000000000000000";
        for (String path : List.of("", "/exceptions", "/checkpoints")) {
            given().get("/jobs/" + unknown + path)
                    .then()
                    .statusCode(404)
                    .body("errors[0]", equalTo("job " + unknown + " not found"));
        }
        given().patch("/jobs/" + unknown + "?mode=cancel").then().statusCode(404);
    }

    @Test
    void checkpointsHaveTheContractShapeWithNothingTaken() {
        String jobId =
                submit(
                        SEQUENCE_JSON.replace("\"sequence\"", "\"sequence-checkpoints\""),
                        "application/json");

        given().get("/jobs/" + jobId + "/checkpoints")
                .then()
                .statusCode(200)
                .body("counts.completed", equalTo(0))
                .body("counts.failed", equalTo(0))
                .body("counts.in_progress", equalTo(0))
                .body("counts.restored", equalTo(0))
                .body("latest.completed", nullValue())
                .body("latest.restored", nullValue());
        given().patch("/jobs/" + jobId + "?mode=cancel")
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(202), equalTo(409)));
    }

    @Test
    void periodicCheckpointsAreCountedAndTheirMetadataWritten() throws Exception {
        onlyExecutor(false, 2);
        String jobId =
                submit(
                        """
            {"name": "checkpointed", "parallelism": 2, "checkpoints": {"interval": "100ms"},
             "pipeline": {"transforms": [{"type": "Sequence", "config": {"to": 100}}, {"type": "Discard"}]}}
            """,
                        "application/json");
        awaitState(jobId, "RUNNING");
        await().atMost(WAIT)
                .until(
                        () ->
                                given().get("/jobs/" + jobId + "/checkpoints")
                                                .then()
                                                .extract()
                                                .<Integer>path("counts.completed")
                                        >= 2);

        int latest =
                given().get("/jobs/" + jobId + "/checkpoints")
                        .then()
                        .statusCode(200)
                        .body(
                                "latest.completed.state_size",
                                equalTo(20)) // 2 tasks (Sequence -> Discard chained) x 10 bytes
                        .body(
                                "latest.completed.end_to_end_duration",
                                org.hamcrest.Matchers.greaterThanOrEqualTo(0))
                        .body("latest.restored", nullValue())
                        .extract()
                        .path("latest.completed.id");
        java.nio.file.Path metadata =
                java.nio.file.Path.of(
                        "target/spate-data/checkpoints", jobId, "chk-" + latest, "_metadata");
        await().atMost(WAIT)
                .until(
                        () ->
                                java.nio.file.Files.exists(metadata)
                                        || latestId(jobId) > latest); // kept: the last 3
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains(
                        "spate_checkpoint_last_duration_milliseconds",
                        "spate_checkpoint_last_alignment_milliseconds")
                .containsPattern("spate_checkpoint_last_size_bytes\\S* 20\\.0")
                .containsPattern("spate_checkpoints_completed_total\\S* [1-9]");
        given().patch("/jobs/" + jobId + "?mode=cancel").then().statusCode(202);
        awaitState(jobId, "CANCELED");
        given().get("/jobs/" + jobId + "/checkpoints")
                .then()
                .statusCode(200)
                .body("counts.in_progress", equalTo(0));
    }

    private static int latestId(String jobId) {
        return given().get("/jobs/" + jobId + "/checkpoints")
                .then()
                .extract()
                .path("latest.completed.id");
    }

    @Test
    void aFinishedJobTookItsFinalCheckpoint() throws Exception {
        FakeExecutor fake = onlyExecutor(true, 2);
        String jobId =
                submit(
                        SEQUENCE_JSON.replace("\"sequence\"", "\"sequence-final\""),
                        "application/json");
        awaitState(jobId, "FINISHED");
        given().get("/jobs/" + jobId + "/checkpoints")
                .then()
                .statusCode(200)
                .body("counts.completed", equalTo(1))
                .body("latest.completed.id", equalTo(1));
        assertThat(fake.checkpointsAcknowledged).containsOnly(1L);
    }

    @Test
    void overviewCountsJobsByState() {
        String jobId =
                submit(
                        WORDCOUNT_YAML.replace(
                                "parallelism: 2", "parallelism: 999\nmaxParallelism: 1024"),
                        "application/yaml");
        int failedBefore = given().get("/overview").then().extract().path("jobs-failed");
        awaitState(jobId, "FAILED");
        given().get("/overview").then().body("jobs-failed", equalTo(failedBefore + 1));
    }

    @Test
    void openApiDescribesTheJobsApi() {
        given().accept("application/json")
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/jobs"))
                .body("paths", org.hamcrest.Matchers.hasKey("/jobs/{jobid}"));
    }
}
