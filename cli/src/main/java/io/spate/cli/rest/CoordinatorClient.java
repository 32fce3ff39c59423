package io.spate.cli.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

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
    private final Optional<Path> trust;

    /** A client trusting the JDK's default CAs for {@code https://} coordinators. */
    public CoordinatorClient(URI base, Optional<String> token) {
        this(base, token, Optional.empty());
    }

    /**
     * A client that, with {@code trust}, verifies an {@code https://} coordinator against the CA
     * certificates of that PEM bundle only (spate.tls.trust, e.g. ca.pem of bin/spate-certs).
     *
     * @throws IllegalArgumentException when the bundle cannot be read or holds no certificate
     */
    public CoordinatorClient(URI base, Optional<String> token, Optional<Path> trust) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.token = token.filter(t -> !t.isBlank());
        this.trust = trust;
        HttpClient.Builder builder =
                HttpClient.newBuilder()
                        .connectTimeout(TIMEOUT)
                        .version(HttpClient.Version.HTTP_1_1);
        trust.ifPresent(t -> builder.sslContext(trusting(t)));
        this.http = builder.build();
    }

    /** The CA bundle of {@code $SPATE_TLS_TRUST} (spate.tls.trust, src-docs/security.md). */
    public static Optional<Path> trustFromEnvironment() {
        return Optional.ofNullable(System.getenv("SPATE_TLS_TRUST"))
                .filter(t -> !t.isBlank())
                .map(Path::of);
    }

    private static SSLContext trusting(Path bundle) {
        try (InputStream in = Files.newInputStream(bundle)) {
            Collection<? extends Certificate> cas =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (cas.isEmpty()) {
                throw new IllegalArgumentException(
                        "trust file " + bundle + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate ca : cas) {
                store.setCertificateEntry("ca-" + i++, ca);
            }
            TrustManagerFactory factory =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot use trust file " + bundle + ": " + e.getMessage(), e);
        }
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

    /**
     * Uploads a jar ({@code POST /jars/upload}, multipart field {@code jarfile}, as Flink's CLI
     * does) and returns its jar id, the last part of the answer's {@code filename}.
     */
    public String uploadJar(java.nio.file.Path jar) throws IOException {
        String boundary = "spate-" + java.util.UUID.randomUUID();
        String name = jar.getFileName().toString().replace("\"", "_");
        byte[] head =
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + name
                                + "\"\r\nContent-Type: application/java-archive\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tail =
                ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Answer answer =
                send(
                        request("jars/upload")
                                .timeout(java.time.Duration.ofMinutes(5))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(
                                        HttpRequest.BodyPublishers.concat(
                                                HttpRequest.BodyPublishers.ofByteArray(head),
                                                HttpRequest.BodyPublishers.ofFile(jar),
                                                HttpRequest.BodyPublishers.ofByteArray(tail))));
        if (!answer.ok()) {
            StringBuilder errors = new StringBuilder();
            answer.body().path("errors").forEach(e -> errors.append(' ').append(e.asText()));
            throw new IOException(
                    "uploading "
                            + jar
                            + ": POST /jars/upload answered "
                            + answer.status()
                            + (errors.isEmpty() ? " " + answer.body() : ":" + errors));
        }
        String filename = answer.body().path("filename").asText();
        return filename.substring(
                Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
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
        } catch (SSLHandshakeException e) {
            throw new IOException(
                    "cannot verify the TLS certificate of the coordinator at "
                            + base
                            + (trust.isPresent()
                                    ? " against " + trust.get()
                                    : " (give its CA with --trust FILE or $SPATE_TLS_TRUST)")
                            + ": "
                            + e.getMessage(),
                    e);
        } catch (ConnectException e) {
            throw new ConnectException(
                    "coordinator at " + base + " is not reachable (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + r.uri(), e);
        }
    }
}
