package io.spate.coordinator.rpc.gateway;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.spate.rpc.proto.ExecutorGatewayGrpc;
import io.spate.rpc.proto.HeartbeatRequest;
import io.spate.rpc.proto.HeartbeatResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real gRPC executor endpoint on a free loopback port that answers heartbeats (optionally
 * refusing every session but one), for tests that need the coordinator to reach an executor.
 */
public final class TestingExecutorServer implements AutoCloseable {

    private final Server server;
    private final List<HeartbeatRequest> heartbeats = new CopyOnWriteArrayList<>();
    private volatile String acceptedSession; // null: accept any

    public TestingExecutorServer() throws IOException {
        this.server =
                NettyServerBuilder.forPort(0)
                        .addService(
                                new ExecutorGatewayGrpc.ExecutorGatewayImplBase() {
                                    @Override
                                    public void heartbeat(
                                            HeartbeatRequest request,
                                            StreamObserver<HeartbeatResponse> reply) {
                                        heartbeats.add(request);
                                        String session = acceptedSession;
                                        if (session != null
                                                && !session.equals(
                                                        request.getFencing()
                                                                .getCoordinatorSessionId())) {
                                            reply.onError(
                                                    Status.FAILED_PRECONDITION
                                                            .withDescription("stale session")
                                                            .asRuntimeException());
                                            return;
                                        }
                                        reply.onNext(
                                                HeartbeatResponse.newBuilder()
                                                        .setSequence(request.getSequence())
                                                        .build());
                                        reply.onCompleted();
                                    }
                                })
                        .build()
                        .start();
    }

    public int port() {
        return server.getPort();
    }

    public List<HeartbeatRequest> heartbeats() {
        return heartbeats;
    }

    public void acceptOnlySession(String session) {
        this.acceptedSession = session;
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
