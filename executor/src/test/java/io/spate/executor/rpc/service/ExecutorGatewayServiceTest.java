package io.spate.executor.rpc.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.spate.rpc.proto.CoordinatorFencing;
import io.spate.rpc.proto.ExecutorGatewayGrpc;
import io.spate.rpc.proto.HeartbeatRequest;
import io.spate.rpc.proto.SubmitTaskRequest;
import java.net.URL;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The executor's gRPC endpoint over a real channel to the test server. There is no coordinator in
 * this test (the %test profile points at a port nothing listens on), so the executor is not
 * registered and every coordinator call must be fenced off.
 */
@QuarkusTest
class ExecutorGatewayServiceTest {

    @TestHTTPResource("/")
    URL server;

    private ManagedChannel channel;
    private ExecutorGatewayGrpc.ExecutorGatewayBlockingStub executor;

    @BeforeEach
    void connect() {
        channel =
                NettyChannelBuilder.forAddress(server.getHost(), server.getPort())
                        .usePlaintext()
                        .build();
        executor =
                ExecutorGatewayGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void heartbeatOfAnUnknownSessionIsRefusedWithFailedPrecondition() {
        HeartbeatRequest heartbeat =
                HeartbeatRequest.newBuilder()
                        .setFencing(fencing("session-of-nobody"))
                        .setSequence(1)
                        .build();

        assertThatThrownBy(() -> executor.heartbeat(heartbeat))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> {
                            assertThat(e.getStatus().getCode())
                                    .isEqualTo(Status.Code.FAILED_PRECONDITION);
                            assertThat(e.getStatus().getDescription())
                                    .contains("session-of-nobody", "not registered");
                        });
    }

    @Test
    void taskCallsAreFencedToo() {
        SubmitTaskRequest submit =
                SubmitTaskRequest.newBuilder().setFencing(fencing("session-of-nobody")).build();

        assertThatThrownBy(() -> executor.submitTask(submit))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e ->
                                assertThat(e.getStatus().getCode())
                                        .isEqualTo(Status.Code.FAILED_PRECONDITION));
    }

    private static CoordinatorFencing fencing(String session) {
        return CoordinatorFencing.newBuilder()
                .setCoordinatorSessionId(session)
                .setRegistrationId("registration-1")
                .build();
    }
}
