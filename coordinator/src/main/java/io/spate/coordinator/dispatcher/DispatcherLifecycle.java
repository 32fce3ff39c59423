package io.spate.coordinator.dispatcher;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.spate.clock.Clock;
import io.spate.coordinator.checkpoint.CheckpointMetrics;
import io.spate.coordinator.config.CoordinatorSettings;
import io.spate.coordinator.jobmaster.JobMasterSettings;
import io.spate.coordinator.resourcemanager.ResourceManagerVerticle;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Creates the dispatcher verticle and deploys it on Quarkus' Vert.x, after the resource manager.
 */
@Singleton
public final class DispatcherLifecycle {

    private static final Logger LOG = Logger.getLogger(DispatcherLifecycle.class);

    /** Ended jobs kept for the REST API (Flink: jobstore.max-capacity). */
    static final int HISTORY_SIZE = 1000;

    private final DispatcherVerticle verticle;
    private final Vertx vertx;
    private volatile String deploymentId;

    DispatcherLifecycle(
            Vertx vertx,
            CoordinatorSettings settings,
            ResourceManagerVerticle resourceManager,
            MeterRegistry meters) {
        this.vertx = vertx;
        JobMasterSettings jobMasters =
                new JobMasterSettings(
                        settings.slotTimeout(),
                        settings.cancelTimeout(),
                        JobMasterSettings.DEFAULT_RPC_TIMEOUT,
                        settings.checkpointsDir().toString(),
                        settings.checkpointTimeout(),
                        settings.retainedCheckpoints(),
                        settings.checkpointMaxBackoff(),
                        settings.checkpointCleanup());
        this.verticle =
                new DispatcherVerticle(
                        new ResourceManagerSlots(resourceManager),
                        jobMasters,
                        Clock.SYSTEM,
                        HISTORY_SIZE,
                        new CheckpointMetrics(meters));
    }

    @Produces
    DispatcherVerticle verticle() {
        return verticle;
    }

    void onStart(@Observes @Priority(20) StartupEvent event, CoordinatorSettings settings) {
        deploymentId =
                vertx.deployVerticle(verticle)
                        .toCompletionStage()
                        .toCompletableFuture()
                        .orTimeout(30, TimeUnit.SECONDS)
                        .join();
        LOG.infof(
                "dispatcher running: jobs wait up to %d ms for slots, cancels up to %d ms for their tasks",
                settings.slotTimeout().toMillis(), settings.cancelTimeout().toMillis());
    }

    void onStop(@Observes @Priority(5) ShutdownEvent event) {
        String id = deploymentId;
        if (id != null) {
            vertx.undeploy(id)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
        }
    }
}
