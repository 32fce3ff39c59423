package io.spate.coordinator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContext;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.spate.rpc.proto.CoordinatorGatewayGrpc;
import io.spate.rpc.proto.RegisterExecutorRequest;
import io.spate.tls.GrpcClientTls;
import io.spate.tls.NettySslContexts;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * With spate.tls.* set (mutual TLS), the coordinator's one port speaks HTTPS only: REST is served
 * to a client without a certificate, gRPC only to a client holding a certificate of the cluster's
 * CA.
 */
@QuarkusTest
@TestProfile(CoordinatorTlsTest.MutualTls.class)
class CoordinatorTlsTest {

    /** The cluster's certificates, and a second CA nobody in the cluster trusts. */
    static final Path CLUSTER = TestCertificates.create("cluster");

    static final Path FOREIGN = TestCertificates.create("foreign");

    public static final class MutualTls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "spate.tls.enabled", "true",
                    "spate.tls.key", CLUSTER.resolve("key.pem").toString(),
                    "spate.tls.cert", CLUSTER.resolve("cert.pem").toString(),
                    "spate.tls.trust", CLUSTER.resolve("ca.pem").toString());
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URL coordinator;

    @Test
    void restIsServedOverHttpsWithoutAClientCertificate() throws Exception {
        assertThat(coordinator.getProtocol()).isEqualTo("https");
        HttpClient client =
                HttpClient.newBuilder()
                        .sslContext(trusting(CLUSTER.resolve("ca.pem")))
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
        HttpResponse<String> overview =
                client.send(
                        HttpRequest.newBuilder(coordinator.toURI().resolve("/overview")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(overview.statusCode()).isEqualTo(200);
        HttpResponse<String> health =
                client.send(
                        HttpRequest.newBuilder(coordinator.toURI().resolve("/q/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).contains("UP");
    }

    /** curl over https speaks HTTP/2 (ALPN): a spec posted that way is accepted, a huge one 413. */
    @Test
    void aJobSpecPostedOverHttp2IsAcceptedAndAnOversizedOneRefused() throws Exception {
        HttpClient client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_2)
                        .sslContext(trusting(CLUSTER.resolve("ca.pem")))
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
        String spec =
                """
                name: over-http2
                pipeline:
                  transforms:
                    - type: Sequence
                      config: {from: 0, to: 10}
                    - type: Discard
                """;
        HttpResponse<String> accepted =
                client.send(
                        HttpRequest.newBuilder(coordinator.toURI().resolve("/jobs"))
                                .header("Content-Type", "application/yaml")
                                .POST(HttpRequest.BodyPublishers.ofString(spec))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String jobId =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(accepted.body())
                        .path("jobid")
                        .asText();
        client.send(
                HttpRequest.newBuilder(
                                coordinator.toURI().resolve("/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> huge =
                client.send(
                        HttpRequest.newBuilder(coordinator.toURI().resolve("/jobs"))
                                .header("Content-Type", "application/yaml")
                                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(2 << 20)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.body()).contains("spate.jobs.max-spec-size");

        // A body of unknown length (no Content-Length) cannot be bounded before it is read.
        HttpResponse<String> unbounded =
                client.send(
                        HttpRequest.newBuilder(coordinator.toURI().resolve("/jobs"))
                                .header("Content-Type", "application/yaml")
                                .POST(
                                        HttpRequest.BodyPublishers.fromPublisher(
                                                HttpRequest.BodyPublishers.ofString(spec)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(unbounded.statusCode()).isEqualTo(411);
        assertThat(unbounded.body()).contains("an HTTP/2 request needs a Content-Length");
    }

    @Test
    void plainHttpOnTheSamePortIsNotServed() {
        URI plain = URI.create("http://localhost:" + coordinator.getPort() + "/overview");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(
                        () ->
                                client.send(
                                        HttpRequest.newBuilder(plain)
                                                .timeout(Duration.ofSeconds(5))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void httpsWithoutTrustingTheClusterCaFails() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(
                        () ->
                                client.send(
                                        HttpRequest.newBuilder(coordinator.toURI()).build(),
                                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void grpcWithTheClusterCertificateRegisters() throws Exception {
        SslContext context =
                NettySslContexts.grpcClient(TestCertificates.settings(CLUSTER, CLUSTER));
        ManagedChannel channel = channel(context);
        try {
            assertThat(stub(channel).registerExecutor(registration()).getRegistrationId())
                    .isNotEmpty();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void grpcThroughGrpcClientTlsRegisters() throws Exception {
        ManagedChannel channel =
                GrpcClientTls.from(TestCertificates.settings(CLUSTER, CLUSTER))
                        .configure(
                                NettyChannelBuilder.forAddress("localhost", coordinator.getPort()))
                        .build();
        try {
            assertThat(stub(channel).registerExecutor(registration()).getRegistrationId())
                    .isNotEmpty();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void grpcWithoutAClientCertificateIsUnauthenticated() throws Exception {
        // Trusts the server, presents nothing: the handshake succeeds, the call must not.
        SslContext context =
                GrpcSslContexts.forClient()
                        .trustManager(CLUSTER.resolve("ca.pem").toFile())
                        .build();
        ManagedChannel channel = channel(context);
        try {
            assertThatThrownBy(() -> stub(channel).registerExecutor(registration()))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e ->
                                    assertThat(e.getStatus().getCode())
                                            .isEqualTo(Status.Code.UNAUTHENTICATED));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void grpcWithACertificateOfAnotherCaIsRefused() throws Exception {
        // Trusts the server, presents a certificate the cluster's CA did not sign.
        SslContext context =
                NettySslContexts.grpcClient(TestCertificates.settings(FOREIGN, CLUSTER));
        ManagedChannel channel = channel(context);
        try {
            assertThatThrownBy(() -> stub(channel).registerExecutor(registration()))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e ->
                                    assertThat(e.getStatus().getCode())
                                            .isIn(
                                                    Status.Code.UNAVAILABLE,
                                                    Status.Code.UNAUTHENTICATED));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void grpcInPlaintextIsRefused() throws Exception {
        ManagedChannel channel =
                GrpcClientTls.plaintext()
                        .configure(
                                NettyChannelBuilder.forAddress("localhost", coordinator.getPort()))
                        .build();
        try {
            assertThatThrownBy(() -> stub(channel).registerExecutor(registration()))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isNotEqualTo(Status.Code.OK));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private ManagedChannel channel(SslContext context) {
        return NettyChannelBuilder.forAddress("localhost", coordinator.getPort())
                .sslContext(context)
                .build();
    }

    private static CoordinatorGatewayGrpc.CoordinatorGatewayBlockingStub stub(
            ManagedChannel channel) {
        return CoordinatorGatewayGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static RegisterExecutorRequest registration() {
        return RegisterExecutorRequest.newBuilder()
                .setExecutorId("exec-tls")
                .setGrpcHost("127.0.0.1")
                .setGrpcPort(1)
                .setSlots(1)
                .build();
    }

    static SSLContext trusting(Path caBundle) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caBundle)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
        }
        TrustManagerFactory factory =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
