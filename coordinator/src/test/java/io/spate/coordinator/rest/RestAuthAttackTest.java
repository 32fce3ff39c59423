package io.spate.coordinator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.spate.coordinator.security.AuthTokenTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks the bearer-token check: every REST path the coordinator serves, spelled every way a
 * router might decode or normalise ({@code ..}, {@code %2e}, {@code ;}, {@code //}, a health
 * prefix), with gRPC content types, over HTTP/1.1 and HTTP/2 cleartext. Each must get 401, and the
 * running job must neither be cancelled nor joined by a new one.
 */
@QuarkusTest
@TestProfile(AuthTokenTest.WithToken.class)
class RestAuthAttackTest {

    private static final String AUTH = "Bearer " + AuthTokenTest.TOKEN;

    private static final String SPEC =
            """
      {"name": "attack", "pipeline": {"transforms": [
        {"type": "Sequence", "config": {"to": 100}}, {"type": "Discard"}]}}
      """;

    @TestHTTPResource("/")
    URL coordinator;

    private FakeExecutor executor;
    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        if (executor != null) {
            executor.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyPathAndSpellingWithoutTheTokenIs401AndTheJobRunsOn() throws Exception {
        executor = new FakeExecutor(coordinator, false, Optional.of(AuthTokenTest.TOKEN));
        executor.register(1);
        String jobId =
                given().header("Authorization", AUTH)
                        .contentType("application/json")
                        .body(SPEC.getBytes(StandardCharsets.UTF_8))
                        .post("/jobs")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("jobid");
        await().atMost(Duration.ofSeconds(20)).until(() -> "RUNNING".equals(state(jobId)));
        int jobsBefore = jobCount();

        List<String> failures = new ArrayList<>();
        for (HttpVersion version : List.of(HttpVersion.HTTP_1_1, HttpVersion.HTTP_2)) {
            HttpClient client = client(version);
            for (Map.Entry<String, HttpMethod> target : targets(jobId).entrySet()) {
                for (String uri : spellings(target.getKey())) {
                    for (String contentType : CONTENT_TYPES) {
                        Attempt attempt =
                                send(client, target.getValue(), uri, contentType, version);
                        if (attempt.status != 401) {
                            failures.add(attempt.toString());
                        }
                    }
                }
            }
        }

        assertThat(failures).as("requests without the token that were not refused").isEmpty();
        assertThat(state(jobId)).isEqualTo("RUNNING");
        assertThat(executor.cancelled).isEmpty();
        assertThat(jobCount()).isEqualTo(jobsBefore);
        given().header("Authorization", AUTH)
                .patch("/jobs/" + jobId + "?mode=cancel")
                .then()
                .statusCode(202);
    }

    @Test
    void healthIsOpenOnlyUnderItsPlainSpelling() throws Exception {
        HttpClient client = client(HttpVersion.HTTP_1_1);
        for (String path : List.of("/q/health", "/q/health/live", "/q/health/ready")) {
            assertThat(send(client, HttpMethod.GET, path, null, HttpVersion.HTTP_1_1).status)
                    .as(path)
                    .isEqualTo(200);
        }
        for (String path :
                List.of(
                        "/q/health/../metrics",
                        "/q/health/%2e%2e/metrics",
                        "/q/health/..;/metrics",
                        "/q/health;/../metrics",
                        "/q/health/live/../../metrics",
                        "/q/health/%2e%2e%2fmetrics",
                        "/q/health/..%2fmetrics",
                        "/q/health//../../metrics")) {
            assertThat(send(client, HttpMethod.GET, path, null, HttpVersion.HTTP_1_1).status)
                    .as(path)
                    .isEqualTo(401);
        }
    }

    @Test
    void theV1PrefixIsNoWayAroundTheToken() throws Exception {
        executor = new FakeExecutor(coordinator, false, Optional.of(AuthTokenTest.TOKEN));
        executor.register(1);
        String jobId =
                given().header("Authorization", AUTH)
                        .contentType("application/json")
                        .body(SPEC.getBytes(StandardCharsets.UTF_8))
                        .post("/v1/jobs")
                        .then()
                        .statusCode(202)
                        .extract()
                        .path("jobid");
        await().atMost(Duration.ofSeconds(20)).until(() -> "RUNNING".equals(state(jobId)));
        int jobsBefore = jobCount();
        String cancel = "/jobs/" + jobId + "?mode=cancel";
        List<String> tricks =
                List.of(
                        "/v1" + cancel,
                        "/v1/" + cancel,
                        "//v1" + cancel,
                        "/v1/." + cancel,
                        "/V1" + cancel,
                        "/v1%2F" + cancel.substring(1),
                        "/v1%2f" + cancel.substring(1),
                        "/v1/jobs%2F" + jobId + "?mode=cancel",
                        "/v1/v1" + cancel,
                        "/v1/q/health/.." + cancel,
                        "/v1/q/health/%2e%2e" + cancel,
                        "/v1/../v1" + cancel,
                        "/v1;x=1" + cancel,
                        "/v1/%2e" + cancel,
                        "/q/health/../v1" + cancel,
                        "/v1/q/health",
                        "/v1/q/health/live");
        List<String> failures = new ArrayList<>();
        for (HttpVersion version : List.of(HttpVersion.HTTP_1_1, HttpVersion.HTTP_2)) {
            HttpClient client = client(version);
            for (String uri : tricks) {
                HttpMethod method = uri.contains("mode=cancel") ? HttpMethod.PATCH : HttpMethod.GET;
                var answer = sendForBody(client, method, uri, null);
                if (answer.status() != 401
                        || !answer.contentType().startsWith("application/json")
                        || !answer.body().contains("\"errors\"")) {
                    failures.add(version + " " + method + " " + uri + " -> " + answer);
                }
            }
        }
        assertThat(failures).as("requests without the token that were not refused").isEmpty();
        assertThat(state(jobId)).isEqualTo("RUNNING");
        assertThat(executor.cancelled).isEmpty();
        assertThat(jobCount()).isEqualTo(jobsBefore);

        // With the token, the odd spellings are unknown paths, not the API.
        HttpClient client = client(HttpVersion.HTTP_1_1);
        for (String uri : List.of("/V1/jobs/overview", "/v1%2Fjobs/overview", "/v1/q/health")) {
            var answer = sendForBody(client, HttpMethod.GET, uri, AUTH);
            assertThat(answer.status()).as(uri).isEqualTo(404);
            assertThat(answer.contentType()).as(uri).startsWith("application/json");
            assertThat(answer.body()).as(uri).startsWith("{\"errors\":[");
        }
        given().header("Authorization", AUTH)
                .patch("/v1/jobs/" + jobId + "?mode=cancel")
                .then()
                .statusCode(202);
    }

    private record Answer(int status, String contentType, String body) {}

    private static Answer sendForBody(
            HttpClient client, HttpMethod method, String uri, String authorization)
            throws Exception {
        RequestOptions options = new RequestOptions().setMethod(method).setURI(uri);
        if (authorization != null) {
            options.putHeader("Authorization", authorization);
        }
        return client.request(options)
                .compose(
                        request ->
                                request.send()
                                        .compose(
                                                response ->
                                                        response.body()
                                                                .map(
                                                                        body ->
                                                                                new Answer(
                                                                                        response
                                                                                                .statusCode(),
                                                                                        String
                                                                                                .valueOf(
                                                                                                        response
                                                                                                                .getHeader(
                                                                                                                        "Content-Type")),
                                                                                        body
                                                                                                .toString()))))
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private static final List<String> CONTENT_TYPES =
            java.util.Arrays.asList(
                    null,
                    "application/json",
                    "application/grpc",
                    "application/grpc+proto",
                    "APPLICATION/GRPC",
                    "Application/Grpc+Proto; charset=utf-8",
                    "application/grpc-web");

    /** Every REST path the coordinator serves (JAX-RS resources and Quarkus' /q/ endpoints). */
    private static Map<String, HttpMethod> targets(String jobId) {
        Map<String, HttpMethod> targets = new LinkedHashMap<>();
        targets.put("/overview", HttpMethod.GET);
        targets.put("/taskmanagers", HttpMethod.GET);
        targets.put("/jobs", HttpMethod.POST);
        targets.put("/jobs/overview", HttpMethod.GET);
        targets.put("/jobs/" + jobId, HttpMethod.GET);
        targets.put("/jobs/" + jobId + "?mode=cancel", HttpMethod.PATCH);
        targets.put("/jobs/" + jobId + "/exceptions", HttpMethod.GET);
        targets.put("/jobs/" + jobId + "/checkpoints", HttpMethod.GET);
        targets.put("/q/metrics", HttpMethod.GET);
        targets.put("/q/openapi", HttpMethod.GET);
        // Flink's clients' spelling of the same paths (ApiVersionPrefix).
        targets.put("/v1/overview", HttpMethod.GET);
        targets.put("/v1/jobs", HttpMethod.POST);
        targets.put("/v1/jobs/overview", HttpMethod.GET);
        targets.put("/v1/jobs/" + jobId, HttpMethod.GET);
        targets.put("/v1/jobs/" + jobId + "?mode=cancel", HttpMethod.PATCH);
        targets.put("/v1/jars", HttpMethod.GET);
        targets.put("/v1/config", HttpMethod.GET);
        return targets;
    }

    /** {@code path} (which starts with /) as a router might still resolve it. */
    private static List<String> spellings(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q);
        String rest = path.substring(1);
        String last = path.substring(path.lastIndexOf('/') + 1);
        String parent = path.substring(0, path.lastIndexOf('/'));
        List<String> paths =
                List.of(
                        path,
                        "/" + path,
                        "/." + path,
                        path + "/",
                        path + "/.",
                        path + ";x=1",
                        parent + "/" + last + ";",
                        parent + "/." + "/" + last,
                        parent + "//" + last,
                        parent + "/%2e/" + last,
                        "/q/health/../" + rest,
                        "/q/health/%2e%2e/" + rest,
                        "/q/health/%2E%2E/" + rest,
                        "/q/health/.%2e/" + rest,
                        "/q/health;/../" + rest,
                        "/q/health/..;/" + rest,
                        "/q/health/..%2f" + rest,
                        "/q/health/%2e%2e%2f" + rest,
                        "/q/health/live/../../" + rest,
                        "/q/health/ready/..%2F..%2F" + rest,
                        "/q/health%2f..%2f" + rest,
                        "/Q/HEALTH/../" + rest,
                        "/q/health/./../" + rest,
                        "/q/health/.../" + rest,
                        "/q/health/../" + rest + ".",
                        "/Q/HEALTH" + path);
        return paths.stream().map(p -> p + query).toList();
    }

    private HttpClient client(HttpVersion version) {
        return vertx.createHttpClient(
                new HttpClientOptions()
                        .setProtocolVersion(version)
                        // HTTP/2 cleartext with prior knowledge, as gRPC clients speak it.
                        .setHttp2ClearTextUpgrade(false)
                        .setDefaultHost(coordinator.getHost())
                        .setDefaultPort(coordinator.getPort()));
    }

    private record Attempt(
            HttpVersion version, HttpMethod method, String uri, String contentType, int status) {
        @Override
        public String toString() {
            return version + " " + method + " " + uri + " (" + contentType + ") -> " + status;
        }
    }

    private static Attempt send(
            HttpClient client, HttpMethod method, String uri, String contentType, HttpVersion v)
            throws Exception {
        RequestOptions options = new RequestOptions().setMethod(method).setURI(uri);
        if (contentType != null) {
            options.putHeader("Content-Type", contentType);
        }
        Buffer body =
                method == HttpMethod.POST
                        ? Buffer.buffer(SPEC.getBytes(StandardCharsets.UTF_8))
                        : Buffer.buffer();
        int status =
                client.request(options)
                        .compose(request -> request.send(body))
                        .map(response -> response.statusCode())
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
        return new Attempt(v, method, uri, contentType, status);
    }

    private static String state(String jobId) {
        return given().header("Authorization", AUTH)
                .get("/jobs/" + jobId)
                .then()
                .statusCode(200)
                .extract()
                .path("state");
    }

    private static int jobCount() {
        return given().header("Authorization", AUTH)
                .get("/jobs/overview")
                .then()
                .statusCode(200)
                .extract()
                .<List<?>>path("jobs")
                .size();
    }
}
