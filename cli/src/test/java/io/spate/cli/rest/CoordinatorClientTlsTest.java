package io.spate.cli.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's REST client against an HTTPS server holding a certificate of bin/spate-certs: it
 * verifies the server against --trust (the CA bundle) and says what to do when it cannot.
 */
class CoordinatorClientTlsTest {

    @TempDir static Path certs;
    static Path foreign;
    static HttpsServer server;

    @BeforeAll
    static void start() throws Exception {
        spateCerts(certs);
        foreign = Files.createTempDirectory(certs, "foreign");
        spateCerts(foreign);
        KeyStore identity = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certs.resolve("cert.p12"))) {
            identity.load(in, "spate-dev".toCharArray());
        }
        KeyManagerFactory keys =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, "spate-dev".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext(
                "/overview",
                exchange -> {
                    byte[] body = "{\"jobs-running\":0}".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static URI base() {
        return URI.create("https://localhost:" + server.getAddress().getPort());
    }

    @Test
    void verifiesTheCoordinatorAgainstTheTrustBundle() throws IOException {
        CoordinatorClient client =
                new CoordinatorClient(
                        base(), Optional.empty(), Optional.of(certs.resolve("ca.pem")));
        CoordinatorClient.Answer answer = client.get("overview");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("jobs-running").asInt()).isZero();
    }

    @Test
    void withoutTheClusterCaItSaysHowToTrustIt() {
        CoordinatorClient client = new CoordinatorClient(base(), Optional.empty());
        assertThatThrownBy(() -> client.get("overview"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("--trust");
        CoordinatorClient wrongCa =
                new CoordinatorClient(
                        base(), Optional.empty(), Optional.of(foreign.resolve("ca.pem")));
        assertThatThrownBy(() -> wrongCa.get("overview"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot verify");
    }

    @Test
    void aTrustFileWithoutCertificatesIsRefusedUpFront() throws IOException {
        Path empty = Files.writeString(certs.resolve("empty.pem"), "not a certificate\n");
        assertThatThrownBy(
                        () -> new CoordinatorClient(base(), Optional.empty(), Optional.of(empty)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty.pem");
    }

    private static void spateCerts(Path dir) throws Exception {
        Path script = Path.of("..", "bin", "spate-certs").toAbsolutePath().normalize();
        Process p =
                new ProcessBuilder("bash", script.toString(), dir.toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }
}
