package io.spate.executor.rpc.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.spate.rpc.AuthToken;
import io.spate.rpc.proto.CoordinatorFencing;
import io.spate.rpc.proto.ExecutorGatewayGrpc;
import io.spate.rpc.proto.HeartbeatRequest;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** With {@code spate.auth.token} set, the executor's gRPC server refuses calls without it. */
@QuarkusTest
@TestProfile(AuthTokenTest.WithToken.class)
class AuthTokenTest {

    public static final class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("spate.auth.token", "s3cret");
        }
    }

    @TestHTTPResource("/")
    URL server;

    @Test
    void callsWithoutTheTokenAreUnauthenticated() throws InterruptedException {
        assertThat(heartbeatStatus(Optional.empty())).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(heartbeatStatus(Optional.of("wrong"))).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void callsWithTheTokenReachTheExecutor() throws InterruptedException {
        // Past authentication, fencing answers: no coordinator registered this executor.
        assertThat(heartbeatStatus(Optional.of("s3cret")))
                .isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    private Status.Code heartbeatStatus(Optional<String> token) throws InterruptedException {
        ManagedChannel channel =
                NettyChannelBuilder.forAddress(server.getHost(), server.getPort())
                        .usePlaintext()
                        .intercept(new AuthToken(token).clientInterceptor())
                        .build();
        try {
            HeartbeatRequest heartbeat =
                    HeartbeatRequest.newBuilder()
                            .setFencing(
                                    CoordinatorFencing.newBuilder()
                                            .setCoordinatorSessionId("session-1"))
                            .build();
            Throwable thrown =
                    org.assertj.core.api.Assertions.catchThrowable(
                            () ->
                                    ExecutorGatewayGrpc.newBlockingStub(channel)
                                            .withDeadlineAfter(10, TimeUnit.SECONDS)
                                            .heartbeat(heartbeat));
            assertThat(thrown).isInstanceOf(StatusRuntimeException.class);
            return ((StatusRuntimeException) thrown).getStatus().getCode();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
