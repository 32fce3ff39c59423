package io.spate.executor.rpc.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grpc.Status;
import io.spate.rpc.AuthToken;
import io.spate.rpc.HostAndPort;
import io.spate.rpc.proto.RegisterExecutorRequest;
import io.spate.rpc.proto.RegisterExecutorResponse;
import io.spate.rpc.proto.TaskStateUpdate;
import io.spate.tls.GrpcClientTls;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The gateway over a real gRPC channel to a real server. */
class GrpcCoordinatorGatewayTest {

    private static final RegisterExecutorRequest REQUEST =
            RegisterExecutorRequest.newBuilder().setExecutorId("executor-1").setSlots(2).build();

    @Test
    void registersAndPresentsTheAuthToken() throws Exception {
        try (FakeCoordinatorServer coordinator = new FakeCoordinatorServer(Optional.of("s3cret"));
                GrpcCoordinatorGateway gateway =
                        gateway(coordinator.port(), Optional.of("s3cret"))) {
            RegisterExecutorResponse response =
                    registerOnceConnected(gateway).get(10, TimeUnit.SECONDS);

            assertThat(response.getCoordinatorSessionId()).isEqualTo("session-1");
            assertThat(coordinator.registrations())
                    .extracting(RegisterExecutorRequest::getExecutorId)
                    .containsExactly("executor-1");
        }
    }

    @Test
    void wrongTokenIsUnauthenticated() throws Exception {
        try (FakeCoordinatorServer coordinator = new FakeCoordinatorServer(Optional.of("s3cret"));
                GrpcCoordinatorGateway gateway =
                        gateway(coordinator.port(), Optional.of("guess"))) {
            assertThat(statusOf(registerOnceConnected(gateway)))
                    .isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(coordinator.registrations()).isEmpty();
        }
    }

    @Test
    void unreachableCoordinatorIsUnavailable() throws Exception {
        try (GrpcCoordinatorGateway gateway = gateway(unusedPort(), Optional.empty())) {
            assertThat(statusOf(gateway.registerExecutor(REQUEST)))
                    .isEqualTo(Status.Code.UNAVAILABLE);
        }
    }

    @Test
    void anAttemptAfterARefusedOneConnectsAnewInsteadOfFailingOnTheOldState() throws Exception {
        int port = unusedPort();
        try (GrpcCoordinatorGateway gateway = gateway(port, Optional.empty())) {
            // refused: the channel is now in TRANSIENT_FAILURE, with gRPC's own 1 s reconnect
            // backoff
            assertThat(statusOf(gateway.registerExecutor(REQUEST)))
                    .isEqualTo(Status.Code.UNAVAILABLE);
            try (FakeCoordinatorServer coordinator =
                    new FakeCoordinatorServer(Optional.empty(), 5000, port)) {
                // A call made at once would fail fast on the stale TRANSIENT_FAILURE; this one
                // connects.
                RegisterExecutorResponse response =
                        gateway.registerExecutor(REQUEST).get(10, TimeUnit.SECONDS);
                assertThat(response.getCoordinatorSessionId()).isEqualTo("session-1");
            }
        }
    }

    @Test
    void unimplementedCallsReportTheirStatus() throws Exception {
        try (FakeCoordinatorServer coordinator = new FakeCoordinatorServer(Optional.empty());
                GrpcCoordinatorGateway gateway = gateway(coordinator.port(), Optional.empty())) {
            assertThat(statusOf(gateway.updateTaskState(TaskStateUpdate.getDefaultInstance())))
                    .isEqualTo(Status.Code.UNIMPLEMENTED);
        }
    }

    /**
     * Registers as the executor's registration does: again while not connected within the connect
     * wait (100 ms, doubling), which a JVM's first channel to a fresh server can exceed.
     */
    private static CompletableFuture<RegisterExecutorResponse> registerOnceConnected(
            GrpcCoordinatorGateway gateway) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            CompletableFuture<RegisterExecutorResponse> reply = gateway.registerExecutor(REQUEST);
            try {
                reply.get(10, TimeUnit.SECONDS);
                return reply;
            } catch (ExecutionException e) {
                if (attempt == 5
                        || Status.fromThrowable(e.getCause()).getCode()
                                != Status.Code.UNAVAILABLE) {
                    return reply;
                }
            } catch (java.util.concurrent.TimeoutException e) {
                return reply;
            }
        }
    }

    /** A port nothing listens on (free a moment ago). */
    private static int unusedPort() throws java.io.IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static GrpcCoordinatorGateway gateway(int port, Optional<String> token) {
        return new GrpcCoordinatorGateway(
                new HostAndPort("localhost", port),
                new AuthToken(token),
                GrpcClientTls.plaintext(),
                Duration.ofSeconds(5));
    }

    private static Status.Code statusOf(CompletableFuture<?> call) {
        Throwable thrown = catchThrowable(() -> call.get(10, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        return Status.fromThrowable(thrown.getCause()).getCode();
    }
}
