package io.spate.coordinator.resourcemanager;

import io.vertx.core.eventbus.EventBus;
import java.util.List;

/** Publishes the resource manager's events on the Vert.x event bus (local delivery only). */
final class EventBusEvents implements ResourceManagerEvents {

    private static final List<Class<?>> TYPES =
            List.of(ExecutorLost.class, ExecutorTaskStatuses.class);

    private final EventBus bus;

    EventBusEvents(EventBus bus) {
        this.bus = bus;
    }

    /** Registers pass-by-reference codecs for every event type; undone by {@link #unregister}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void register() {
        for (Class<?> type : TYPES) {
            bus.registerDefaultCodec((Class) type, new LocalMessageCodec<>(type));
        }
    }

    void unregister() {
        for (Class<?> type : TYPES) {
            bus.unregisterDefaultCodec(type);
        }
    }

    @Override
    public void executorLost(ExecutorLost lost) {
        bus.publish(EXECUTOR_LOST, lost);
    }

    @Override
    public void taskStatusesReported(ExecutorTaskStatuses statuses) {
        bus.publish(TASK_METRICS, statuses);
    }
}
