package io.spate.executor.taskexecutor;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The task executor's meters on {@code /q/metrics}: {@code spate_executor_registered} (0/1), {@code
 * spate_executor_slots_capacity}, {@code spate_executor_slots_free}, {@code
 * spate_executor_registration_attempts_total}. They read {@link TaskExecutorStatus}, never the
 * verticle.
 */
@ApplicationScoped
public class TaskExecutorMetrics {

    void register(@Observes StartupEvent event, MeterRegistry registry, TaskExecutorStatus status) {
        Gauge.builder("spate.executor.registered", status, s -> s.registered() ? 1 : 0)
                .description("1 while registered with a coordinator")
                .register(registry);
        Gauge.builder("spate.executor.slots.capacity", status, TaskExecutorStatus::slotsTotal)
                .description("task slots this executor offers")
                .register(registry);
        Gauge.builder("spate.executor.slots.free", status, TaskExecutorStatus::slotsFree)
                .description("task slots not allocated to a job")
                .register(registry);
        FunctionCounter.builder(
                        "spate.executor.registration.attempts",
                        status,
                        TaskExecutorStatus::registrationAttempts)
                .description("registration attempts since start")
                .register(registry);
    }
}
