package io.spate.coordinator.resourcemanager;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.spate.clock.Clock;
import io.spate.coordinator.config.CoordinatorSettings;
import io.spate.coordinator.rpc.gateway.GrpcExecutorGateways;
import io.spate.rpc.AuthToken;
import io.spate.tls.GrpcClientTls;
import io.spate.tls.TlsConfig;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Creates the resource manager verticle and deploys it on Quarkus' Vert.x at start. */
@Singleton
public final class ResourceManagerLifecycle {

    private static final Logger LOG = Logger.getLogger(ResourceManagerLifecycle.class);
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(30);

    private final GrpcExecutorGateways gateways;
    private final ResourceManagerVerticle verticle;
    private final Vertx vertx;
    private volatile String deploymentId;

    ResourceManagerLifecycle(
            Vertx vertx,
            CoordinatorSettings settings,
            AuthToken authToken,
            MeterRegistry meters,
            TlsConfig tls) {
        this.vertx = vertx;
        this.gateways =
                new GrpcExecutorGateways(
                        authToken.clientInterceptor(), GrpcClientTls.from(tls.settings()));
        this.verticle =
                new ResourceManagerVerticle(
                        settings.heartbeatInterval(),
                        settings.heartbeatTimeout(),
                        Clock.SYSTEM,
                        gateways,
                        meters);
    }

    @Produces
    ResourceManagerVerticle verticle() {
        return verticle;
    }

    void onStart(@Observes @Priority(10) StartupEvent event, CoordinatorSettings settings) {
        deploymentId =
                vertx.deployVerticle(verticle)
                        .toCompletionStage()
                        .toCompletableFuture()
                        .orTimeout(
                                DEPLOY_TIMEOUT.toMillis(),
                                java.util.concurrent.TimeUnit.MILLISECONDS)
                        .join();
        LOG.infof(
                "resource manager running: heartbeat every %d ms, executors lost after %d ms",
                settings.heartbeatInterval().toMillis(), settings.heartbeatTimeout().toMillis());
    }

    void onStop(@Observes ShutdownEvent event) {
        String id = deploymentId;
        if (id != null) {
            vertx.undeploy(id)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .orTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
        }
        gateways.close();
    }
}
