package io.spate.executor.taskexecutor;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServer;
import io.spate.clock.Clock;
import io.spate.config.BadConfigurationException;
import io.spate.executor.config.ExecutorSettings;
import io.spate.executor.network.NetworkConfig;
import io.spate.executor.network.NetworkEnvironment;
import io.spate.executor.network.PeerSecurity;
import io.spate.executor.rpc.gateway.GrpcCoordinatorGateway;
import io.spate.rpc.AuthToken;
import io.spate.tls.GrpcClientTls;
import io.spate.tls.NettySslContexts;
import io.spate.tls.TlsConfig;
import io.spate.tls.TlsSettings;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wires the executor at start: starts the data plane ({@link NetworkEnvironment}, one per executor)
 * so its real port is known before the first registration, then deploys the {@link
 * TaskExecutorVerticle}. At shutdown: undeploys the verticle (which cancels its tasks and waits for
 * their threads), closes the data plane and the coordinator channel.
 */
@ApplicationScoped
public class TaskExecutorLifecycle {

    private static final Logger LOG = Logger.getLogger(TaskExecutorLifecycle.class);

    private final Vertx vertx;
    private final ExecutorSettings settings;
    private final TaskExecutorStatus status;
    private final Instance<HttpServer> httpServer;
    private final String version;
    private final TlsSettings tls;

    @Inject io.spate.executor.config.ExecutorConfig config;

    private volatile TaskExecutorVerticle verticle;
    private GrpcCoordinatorGateway gateway;
    private NetworkEnvironment network;
    private String deploymentId;

    @Inject
    public TaskExecutorLifecycle(
            Vertx vertx,
            ExecutorSettings settings,
            TaskExecutorStatus status,
            Instance<HttpServer> httpServer,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
                    String version,
            TlsConfig tlsConfig) {
        this.vertx = vertx;
        this.tls = tlsConfig.settings();
        this.settings = settings;
        this.status = status;
        this.httpServer = httpServer;
        this.version = version;
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        String executorId = UUID.randomUUID().toString();
        gateway =
                new GrpcCoordinatorGateway(
                        settings.coordinatorAddress(),
                        new AuthToken(settings.authToken()),
                        GrpcClientTls.from(tls),
                        // One deadline for every call: a coordinator slower than its own
                        // heartbeat timeout counts as unreachable.
                        settings.heartbeatTimeout());
        network = new NetworkEnvironment(networkConfig(settings, tls), settings.schedulerSlice());
        int dataPort;
        try {
            dataPort = network.start();
        } catch (IOException e) {
            network.close();
            throw new BadConfigurationException(
                    List.of(
                            "spate.executor.data-port ("
                                    + settings.dataPort()
                                    + ") cannot be bound on "
                                    + network.config().bindHost()
                                    + ": "
                                    + e.getMessage()));
        }
        LOG.infof(
                "data plane listening on %s:%d (%d network buffers of %d bytes, %s transport)",
                network.config().bindHost(),
                dataPort,
                network.bufferPool().totalSegments(),
                settings.bufferSize(),
                network.config().transport().name().toLowerCase(java.util.Locale.ROOT));
        TaskExecutorVerticle created =
                new TaskExecutorVerticle(
                        gateway,
                        Clock.SYSTEM,
                        settings,
                        executorId,
                        version,
                        this::boundGrpcPort,
                        status,
                        network,
                        userCode(gateway));
        LOG.infof(
                "executor %s (version %s): %d slots, advertised host %s, coordinator %s%s",
                executorId,
                version,
                settings.slots(),
                settings.advertisedHost(),
                settings.coordinatorAddress(),
                settings.authToken().isPresent() ? ", auth token set" : "");
        verticle = created; // calls wait for its start, and are refused once it stopped
        deploymentId =
                vertx.deployVerticle(created)
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
    }

    /** Job class loaders over jars fetched from the coordinator, and the cancellation watchdog. */
    private io.spate.executor.task.TaskUserCode userCode(GrpcCoordinatorGateway blobs) {
        java.time.Duration timeout = config.executor().taskCancellationTimeout();
        if (timeout.isNegative()) {
            throw new BadConfigurationException(
                    List.of(
                            "spate.executor.task-cancellation-timeout ("
                                    + timeout
                                    + ") must be >= 0"));
        }
        var cache =
                new io.spate.executor.usercode.BlobCache(
                        java.nio.file.Path.of(config.executor().blobDir()),
                        blobs,
                        config.executor().maxJarSize().asLongValue());
        return io.spate.executor.task.TaskUserCode.of(
                new io.spate.executor.usercode.JobLibraries(
                        cache, TaskExecutorLifecycle.class.getClassLoader()),
                timeout);
    }

    void onStop(@Observes ShutdownEvent event) throws Exception {
        if (deploymentId != null) {
            vertx.undeploy(deploymentId)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(TaskExecutorVerticle.STOP_TIMEOUT_SECONDS + 5, TimeUnit.SECONDS);
        }
        if (network != null) {
            network.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    /** The verticle's data plane, or null before start. */
    public NetworkEnvironment network() {
        return network;
    }

    /**
     * The data plane from the {@code spate.*} keys. It binds to a loopback advertised host itself
     * (a local cluster is not exposed), otherwise to every interface: an advertised name may be a
     * DNS or NAT address this host cannot bind.
     */
    static NetworkConfig networkConfig(ExecutorSettings settings, TlsSettings tls) {
        String bindHost =
                isLoopback(settings.advertisedHost()) ? settings.advertisedHost() : "0.0.0.0";
        return NetworkConfig.defaults()
                .withBindHost(bindHost)
                .withPort(settings.dataPort())
                .withBufferSize(settings.bufferSize())
                .withMemory(settings.networkMemory())
                .withTransport(settings.transport())
                .withLimits(settings.networkLimits())
                .withSecurity(peerSecurity(settings, tls));
    }

    /**
     * The data plane's proof of identity: the cluster token's handshake and, with {@code
     * spate.tls.enabled}, the same keys as gRPC (mutual when a trust bundle is set).
     */
    static PeerSecurity peerSecurity(ExecutorSettings settings, TlsSettings tls) {
        PeerSecurity security =
                settings.authToken().map(PeerSecurity::token).orElse(PeerSecurity.none());
        if (!tls.enabled()) {
            return security;
        }
        try {
            return security.withTls(NettySslContexts.server(tls), NettySslContexts.client(tls));
        } catch (IOException | RuntimeException e) {
            throw new BadConfigurationException(
                    List.of(
                            "spate.tls.*: the data plane cannot use these keys: "
                                    + e.getMessage()));
        }
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        // Only literal addresses: resolving a name here could block on DNS.
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The verticle, or null before the application started. */
    public TaskExecutorVerticle verticle() {
        return verticle;
    }

    /**
     * The port the unified HTTP/gRPC server listens on, as Quarkus publishes it once bound (the
     * real one also for {@code quarkus.http.port=0}); 0 until then, and registration waits. With
     * {@code spate.tls.enabled} the server listens for HTTPS only, on the port Quarkus calls
     * secure.
     */
    private int boundGrpcPort() {
        try {
            HttpServer server = httpServer.get();
            int port = tls.enabled() ? server.getSecurePort() : server.getPort();
            return Math.max(port, 0);
        } catch (RuntimeException notBoundYet) {
            return 0;
        }
    }
}
