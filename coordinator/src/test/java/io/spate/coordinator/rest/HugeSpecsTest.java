package io.spate.coordinator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Huge and hostile specs posted while a job runs change nothing for the job: three 9 MB specs are
 * refused for size (413, naming {@code spate.jobs.max-spec-size}), a YAML alias bomb and a deeply
 * nested spec under the cap are refused as specs (400); meanwhile the job stays RUNNING without a
 * failover and its executor is never declared lost.
 */
@QuarkusTest
class HugeSpecsTest {

    private static final String RUNNING_JOB =
            """
      {"name": "sequence", "pipeline": {"transforms": [
        {"type": "Sequence", "config": {"to": 100}},
        {"type": "Discard"}]}}
      """;

    @TestHTTPResource("/")
    URL coordinator;

    private FakeExecutor executor;
    private String jobId;

    /** Cancels the running job so that it does not take the slots of later tests' executors. */
    @AfterEach
    void stop() throws Exception {
        if (jobId != null) {
            given().patch("/jobs/" + jobId + "?mode=cancel");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> "CANCELED".equals(given().get("/jobs/" + jobId).path("state")));
        }
        if (executor != null) {
            executor.close();
        }
    }

    @Test
    void hugeAndHostileSpecsDuringARunningJob_areRefusedAndTheJobRunsOn() throws Exception {
        executor = new FakeExecutor(coordinator, false);
        executor.register(1);
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                given().get("/taskmanagers")
                                        .then()
                                        .extract()
                                        .<List<String>>path("taskmanagers.id")
                                        .equals(List.of(executor.id)));
        jobId =
                given().contentType("application/json")
                        .body(RUNNING_JOB)
                        .post("/jobs")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("jobid");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "RUNNING".equals(given().get("/jobs/" + jobId).path("state")));

        byte[] huge = hugeSpec(9 * 1024 * 1024);
        byte[] bomb = aliasBomb();
        byte[] deep = deepSpec(100_000);
        List<CompletableFuture<Response>> hugeOnes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            hugeOnes.add(CompletableFuture.supplyAsync(() -> post(huge)));
        }
        CompletableFuture<Response> bombed = CompletableFuture.supplyAsync(() -> post(bomb));
        CompletableFuture<Response> nested = CompletableFuture.supplyAsync(() -> post(deep));

        for (CompletableFuture<Response> f : hugeOnes) {
            Response r = f.get();
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(413);
            assertThat(r.jsonPath().getList("errors", String.class))
                    .singleElement()
                    .asString()
                    .contains("spate.jobs.max-spec-size");
        }
        Response b = bombed.get();
        assertThat(b.statusCode()).as(b.asString()).isEqualTo(400);
        assertThat(b.asString()).contains("alias");
        Response n = nested.get();
        assertThat(n.statusCode()).as(n.asString()).isEqualTo(400);

        assertThat(given().get("/jobs/" + jobId).<String>path("state")).isEqualTo("RUNNING");
        assertThat(given().get("/jobs/" + jobId + "/exceptions").<List<?>>path("all-exceptions"))
                .as("failovers while the specs were refused")
                .isEmpty();
        assertThat(given().get("/taskmanagers").<List<String>>path("taskmanagers.id"))
                .as("the executor was not declared lost")
                .containsExactly(executor.id);
        assertThat(given().get("/jobs/overview").<List<String>>path("jobs.jid")).contains(jobId);
    }

    @Test
    void chunkedSpecOverTheCap_isRefusedWhileItArrives() throws Exception {
        try (java.net.Socket socket =
                new java.net.Socket(coordinator.getHost(), coordinator.getPort())) {
            socket.setSoTimeout(30_000);
            var out = socket.getOutputStream();
            out.write(
                    ("POST /jobs HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\n"
                                    + "Transfer-Encoding: chunked\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 32; i++) { // 2 MiB, twice the cap
                out.write(
                        (Integer.toHexString(chunk.length) + "\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer =
                    new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer)
                    .startsWith("HTTP/1.1 413")
                    .contains("is more than 1048576 bytes")
                    .contains("spate.jobs.max-spec-size");
        }
    }

    /** A refused body is dropped only up to a bound: a client sending forever is cut off. */
    @Test
    void endlessBodyAfterA413_isCutOff() throws Exception {
        try (java.net.Socket socket =
                new java.net.Socket(coordinator.getHost(), coordinator.getPort())) {
            socket.setSoTimeout(30_000);
            var out = socket.getOutputStream();
            out.write(
                    ("POST /jobs HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\n"
                                    + "Content-Length: 100000000000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] status = new byte[12];
            int n = socket.getInputStream().readNBytes(status, 0, status.length);
            assertThat(new String(status, 0, n, StandardCharsets.US_ASCII))
                    .isEqualTo("HTTP/1.1 413");
            byte[] chunk = new byte[64 * 1024];
            long sent = 0;
            try {
                while (sent < 4L * RequestBodyLimit.DRAIN_BYTES) {
                    out.write(chunk);
                    sent += chunk.length;
                }
            } catch (java.io.IOException closedByTheServer) {
                // expected
            }
            assertThat(sent)
                    .as("bytes the server took after its 413")
                    .isLessThan(4L * RequestBodyLimit.DRAIN_BYTES);
        }
    }

    private static Response post(byte[] body) {
        return given().contentType("application/yaml").body(body).post("/jobs");
    }

    /** A valid spec but for its size: the name is one long string. */
    private static byte[] hugeSpec(int bytes) {
        return ("name: \""
                        + "x".repeat(bytes)
                        + "\"\npipeline:\n  transforms:\n    - type: Sequence\n"
                        + "      config: {from: 1, to: 2}\n    - type: Discard\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Billion laughs, well under the size cap. */
    private static byte[] aliasBomb() {
        StringBuilder sb = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i < 12; i++) {
            sb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 8; j++) {
                sb.append(j == 0 ? "" : ",").append("*a").append(i - 1);
            }
            sb.append("]\n");
        }
        sb.append("name: bomb\npipeline: {transforms: [{type: Sequence}, {type: Discard}]}\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Flow sequences nested {@code depth} deep (a stack-overflow attempt), under the cap. */
    private static byte[] deepSpec(int depth) {
        return ("name: deep\nextra: " + "[".repeat(depth) + "]".repeat(depth) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
