package io.spate.executor.taskexecutor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health}: live while the task executor runs; ready while it is registered with a
 * coordinator (an unregistered executor gets no tasks).
 */
@ApplicationScoped
public class TaskExecutorHealthChecks {

    @Produces
    @Liveness
    HealthCheck running(TaskExecutorStatus status) {
        return () ->
                HealthCheckResponse.named("task executor")
                        .status(status.running())
                        .withData("slots", status.slotsTotal())
                        .build();
    }

    @Produces
    @Readiness
    HealthCheck registered(TaskExecutorStatus status) {
        return () -> {
            var response =
                    HealthCheckResponse.named("coordinator registration")
                            .status(status.registered())
                            .withData("registration-attempts", status.registrationAttempts())
                            .withData("slots-free", status.slotsFree());
            if (status.registered()) {
                response.withData("coordinator-session", status.coordinatorSession());
            } else {
                response.withData("last-failure", status.lastFailure());
            }
            return response.build();
        };
    }
}
