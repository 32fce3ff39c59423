package io.spate.coordinator.resourcemanager;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the resource manager verticle answers (gRPC server readiness is Quarkus' own). */
@Readiness
@Singleton
final class ResourceManagerReadiness implements HealthCheck {

    private final ResourceManagerVerticle verticle;

    ResourceManagerReadiness(ResourceManagerVerticle verticle) {
        this.verticle = verticle;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("resource-manager").status(verticle.isRunning()).build();
    }
}
