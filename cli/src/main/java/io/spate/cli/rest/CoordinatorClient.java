package io.spate.cli.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** The coordinator's REST API (src-docs/contracts.md §3) as the CLI and the e2e tests see it. */
public final class CoordinatorClient {

    /** A REST answer: its status and JSON body (an empty object when the body is not JSON). */
    public record Answer(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final Optional<String> token;
    private final HttpClient http;

    public CoordinatorClient(URI base, Optional<String> token) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.token = token.filter(t -> !t.isBlank());
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(TIMEOUT)
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
    }

    /** The token of {@code $SPATE_AUTH_TOKEN} (spate.auth.token, src-docs/contracts.md §2). */
    public static Optional<String> tokenFromEnvironment() {
        return Optional.ofNullable(System.getenv("SPATE_AUTH_TOKEN")).filter(t -> !t.isBlank());
    }

    public URI base() {
        return base;
    }

    public Answer get(String path) throws IOException {
        return send(request(path).GET());
    }

    public Answer submit(byte[] spec, String contentType) throws IOException {
        return send(
                request("jobs")
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(spec)));
    }

    public Answer cancel(String jobId) throws IOException {
        return send(
                request("jobs/" + jobId + "?mode=cancel")
                        .method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    /** Whether the coordinator answers at all (any HTTP status counts). */
    public boolean reachable() {
        try {
            get("q/health/live");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(TIMEOUT)
                        .header("Accept", "application/json");
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    private Answer send(HttpRequest.Builder request) throws IOException {
        HttpRequest r = request.build();
        try {
            HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body =
                        response.body().isBlank()
                                ? JSON.createObjectNode()
                                : JSON.readTree(response.body());
            } catch (IOException notJson) {
                body = JSON.createObjectNode().put("text", response.body());
            }
            return new Answer(response.statusCode(), body);
        } catch (ConnectException e) {
            throw new ConnectException(
                    "coordinator at " + base + " is not reachable (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + r.uri(), e);
        }
    }
}
