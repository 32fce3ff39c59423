package io.spate.coordinator.rpc.service;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.spate.rpc.AuthToken;
import io.spate.rpc.proto.CoordinatorGatewayGrpc;
import java.net.URL;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A real gRPC client of the coordinator under test, as an executor would hold it. */
public final class CoordinatorClient implements AutoCloseable {

    private final ManagedChannel channel;
    private final CoordinatorGatewayGrpc.CoordinatorGatewayBlockingStub stub;

    public CoordinatorClient(URL coordinator, Optional<String> token) {
        this.channel =
                NettyChannelBuilder.forAddress(coordinator.getHost(), coordinator.getPort())
                        .usePlaintext()
                        .build();
        this.stub =
                CoordinatorGatewayGrpc.newBlockingStub(channel)
                        .withInterceptors(new AuthToken(token).clientInterceptor());
    }

    public CoordinatorGatewayGrpc.CoordinatorGatewayBlockingStub stub() {
        return stub.withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
