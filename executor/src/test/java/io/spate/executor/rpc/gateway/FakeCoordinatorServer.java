package io.spate.executor.rpc.gateway;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import io.spate.rpc.AuthToken;
import io.spate.rpc.proto.CoordinatorFencing;
import io.spate.rpc.proto.CoordinatorGatewayGrpc;
import io.spate.rpc.proto.ExecutorGatewayGrpc;
import io.spate.rpc.proto.HeartbeatRequest;
import io.spate.rpc.proto.RegisterExecutorRequest;
import io.spate.rpc.proto.RegisterExecutorResponse;
import io.spate.tls.GrpcClientTls;
import io.spate.tls.TlsSettings;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real gRPC server playing the coordinator's registration and heartbeat side on a free port: it
 * accepts every registration under its current session and heartbeats the latest registered
 * executor every interval, as long as that registration belongs to the current session. The other
 * calls are left unimplemented (UNIMPLEMENTED).
 */
public final class FakeCoordinatorServer implements AutoCloseable {

    private final Server server;
    private final long heartbeatTimeoutMs;
    private final List<RegisterExecutorRequest> registrations = new CopyOnWriteArrayList<>();
    private final AtomicInteger registrationIds = new AtomicInteger();
    private final AtomicLong heartbeatsAnswered = new AtomicLong();
    private final ScheduledExecutorService heartbeats =
            Executors.newSingleThreadScheduledExecutor(
                    r -> new Thread(r, "fake-coordinator-heartbeat"));
    private volatile String session = "session-1";
    private volatile Target latest;
    private volatile ManagedChannel executorChannel;
    private final GrpcClientTls clientTls;

    /** The executor registration being heartbeaten. */
    private record Target(String host, int port, String session, String registrationId) {}

    public FakeCoordinatorServer(Optional<String> authToken) throws IOException {
        this(authToken, 5000);
    }

    /**
     * @param heartbeatTimeoutMs the timeout the executor is told to watch the coordinator with
     */
    public FakeCoordinatorServer(Optional<String> authToken, long heartbeatTimeoutMs)
            throws IOException {
        this(authToken, heartbeatTimeoutMs, 0);
    }

    /** On {@code port} (0: any free one). */
    public FakeCoordinatorServer(Optional<String> authToken, long heartbeatTimeoutMs, int port)
            throws IOException {
        this(authToken, heartbeatTimeoutMs, port, TlsSettings.disabled());
    }

    /**
     * Serving and heartbeating over TLS as {@code tls} say: with a trust bundle, the executor must
     * present a certificate it signed (the handshake requires one), as the real coordinator does.
     */
    public FakeCoordinatorServer(
            Optional<String> authToken, long heartbeatTimeoutMs, int port, TlsSettings tls)
            throws IOException {
        this.clientTls = GrpcClientTls.from(tls);
        this.heartbeatTimeoutMs = heartbeatTimeoutMs;
        CoordinatorGatewayGrpc.CoordinatorGatewayImplBase service =
                new CoordinatorGatewayGrpc.CoordinatorGatewayImplBase() {
                    @Override
                    public void registerExecutor(
                            RegisterExecutorRequest request,
                            StreamObserver<RegisterExecutorResponse> responses) {
                        registrations.add(request);
                        String registrationId = "registration-" + registrationIds.incrementAndGet();
                        String current = session;
                        latest =
                                new Target(
                                        request.getGrpcHost(),
                                        request.getGrpcPort(),
                                        current,
                                        registrationId);
                        responses.onNext(
                                RegisterExecutorResponse.newBuilder()
                                        .setRegistrationId(registrationId)
                                        .setCoordinatorSessionId(current)
                                        .setHeartbeatIntervalMs(interval())
                                        .setHeartbeatTimeoutMs(heartbeatTimeoutMs)
                                        .build());
                        responses.onCompleted();
                    }
                };
        NettyServerBuilder builder =
                NettyServerBuilder.forPort(port)
                        .addService(
                                ServerInterceptors.intercept(
                                        service, new AuthToken(authToken).serverInterceptor()));
        if (tls.enabled()) {
            SslContextBuilder context =
                    GrpcSslContexts.forServer(
                            tls.cert().orElseThrow().toFile(), tls.key().orElseThrow().toFile());
            tls.trust()
                    .ifPresent(
                            t -> context.trustManager(t.toFile()).clientAuth(ClientAuth.REQUIRE));
            builder.sslContext(context.build());
        }
        this.server = builder.build().start();
        heartbeats.scheduleWithFixedDelay(
                this::heartbeat, interval(), interval(), TimeUnit.MILLISECONDS);
    }

    private long interval() {
        return heartbeatTimeoutMs / 5;
    }

    private void heartbeat() {
        Target target = latest;
        if (target == null || !target.session().equals(session)) {
            return; // a restarted coordinator knows nothing of registrations of the old session
        }
        try {
            if (executorChannel == null) {
                executorChannel =
                        clientTls
                                .configure(
                                        NettyChannelBuilder.forAddress(
                                                target.host(), target.port()))
                                .build();
            }
            ExecutorGatewayGrpc.newBlockingStub(executorChannel)
                    .withDeadlineAfter(interval(), TimeUnit.MILLISECONDS)
                    .heartbeat(
                            HeartbeatRequest.newBuilder()
                                    .setFencing(
                                            CoordinatorFencing.newBuilder()
                                                    .setCoordinatorSessionId(target.session())
                                                    .setRegistrationId(target.registrationId()))
                                    .setSequence(heartbeatsAnswered.get())
                                    .build());
            heartbeatsAnswered.incrementAndGet();
        } catch (RuntimeException refusedOrUnreachable) {
            // the next round tries again, like the real heartbeat manager
        }
    }

    public int port() {
        return server.getPort();
    }

    public String address() {
        return "localhost:" + port();
    }

    public List<RegisterExecutorRequest> registrations() {
        return registrations;
    }

    public long heartbeatsAnswered() {
        return heartbeatsAnswered.get();
    }

    /** As after a restart: a new session, and the registrations of the old one are forgotten. */
    public void newSession(String session) {
        this.session = session;
    }

    @Override
    public void close() throws InterruptedException {
        heartbeats.shutdownNow();
        heartbeats.awaitTermination(5, TimeUnit.SECONDS);
        if (executorChannel != null) {
            executorChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
