package io.spate.executor.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContext;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.spate.executor.rpc.gateway.FakeCoordinatorServer;
import io.spate.rpc.proto.CoordinatorFencing;
import io.spate.rpc.proto.ExecutorGatewayGrpc;
import io.spate.rpc.proto.HeartbeatRequest;
import io.spate.rpc.proto.RegisterExecutorRequest;
import io.spate.tls.GrpcClientTls;
import io.spate.tls.NettySslContexts;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The executor app with spate.tls.* (mutual TLS) against a coordinator that requires client
 * certificates: it registers over TLS with its real HTTPS port, answers the coordinator's
 * heartbeats over TLS, and refuses gRPC callers without a certificate of the cluster's CA.
 */
@QuarkusTest
@WithTestResource(ExecutorTlsTest.TlsCoordinator.class)
class ExecutorTlsTest {

    static final Path CLUSTER = TestCertificates.create("cluster");
    static final Path FOREIGN = TestCertificates.create("foreign");

    /** A fake coordinator serving mutual TLS with the cluster's certificate. */
    public static final class TlsCoordinator implements QuarkusTestResourceLifecycleManager {
        static volatile FakeCoordinatorServer server;

        @Override
        public Map<String, String> start() {
            try {
                server =
                        new FakeCoordinatorServer(
                                Optional.empty(),
                                1500,
                                0,
                                TestCertificates.settings(CLUSTER, CLUSTER));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of(
                    "spate.coordinator.address", server.address(),
                    "spate.tls.enabled", "true",
                    "spate.tls.key", CLUSTER.resolve("key.pem").toString(),
                    "spate.tls.cert", CLUSTER.resolve("cert.pem").toString(),
                    "spate.tls.trust", CLUSTER.resolve("ca.pem").toString());
        }

        @Override
        public void stop() {
            try {
                server.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URL self;

    @Test
    void registersOverTlsWithItsHttpsPortAndAnswersHeartbeatsOverTls() {
        FakeCoordinatorServer coordinator = TlsCoordinator.server;
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> !coordinator.registrations().isEmpty());
        RegisterExecutorRequest registration = coordinator.registrations().get(0);
        assertThat(self.getProtocol()).isEqualTo("https");
        assertThat(registration.getGrpcPort())
                .as("the real bound HTTPS port")
                .isEqualTo(self.getPort());
        long answeredBefore = coordinator.heartbeatsAnswered();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> coordinator.heartbeatsAnswered() >= answeredBefore + 3);
    }

    @Test
    void healthIsServedOverHttpsOnly() throws Exception {
        HttpClient trusting =
                HttpClient.newBuilder()
                        .sslContext(CaTrust.context(CLUSTER.resolve("ca.pem")))
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
        HttpResponse<String> live =
                trusting.send(
                        HttpRequest.newBuilder(self.toURI().resolve("/q/health/live")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(200);
        URI plain = URI.create("http://localhost:" + self.getPort() + "/q/health/live");
        assertThatThrownBy(
                        () ->
                                HttpClient.newHttpClient()
                                        .send(
                                                HttpRequest.newBuilder(plain)
                                                        .timeout(Duration.ofSeconds(5))
                                                        .build(),
                                                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void grpcCallersWithoutAClusterCertificateAreRefused() throws Exception {
        SslContext noCertificate =
                GrpcSslContexts.forClient()
                        .trustManager(CLUSTER.resolve("ca.pem").toFile())
                        .build();
        assertThat(heartbeatFailure(noCertificate)).isEqualTo(Status.Code.UNAUTHENTICATED);
        SslContext foreign =
                NettySslContexts.grpcClient(TestCertificates.settings(FOREIGN, CLUSTER));
        assertThat(heartbeatFailure(foreign))
                .isIn(Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED);
        ManagedChannel plaintext =
                GrpcClientTls.plaintext()
                        .configure(NettyChannelBuilder.forAddress("localhost", self.getPort()))
                        .build();
        try {
            assertThatThrownBy(() -> heartbeat(plaintext))
                    .isInstanceOf(StatusRuntimeException.class);
        } finally {
            plaintext.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private Status.Code heartbeatFailure(SslContext context) throws InterruptedException {
        ManagedChannel channel =
                NettyChannelBuilder.forAddress("localhost", self.getPort())
                        .sslContext(context)
                        .build();
        try {
            heartbeat(channel);
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void heartbeat(ManagedChannel channel) {
        ExecutorGatewayGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .heartbeat(
                        HeartbeatRequest.newBuilder()
                                .setFencing(
                                        CoordinatorFencing.newBuilder()
                                                .setCoordinatorSessionId("session-1")
                                                .setRegistrationId("registration-1"))
                                .build());
    }
}
