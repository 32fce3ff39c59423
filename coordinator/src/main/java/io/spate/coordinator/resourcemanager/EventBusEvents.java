package io.spate.coordinator.resourcemanager;

import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import io.spate.rpc.proto.TaskStateUpdate;
import io.vertx.core.eventbus.EventBus;
import java.util.List;

/** Publishes the resource manager's events on the Vert.x event bus (local delivery only). */
final class EventBusEvents implements ResourceManagerEvents {

    private static final List<Class<?>> TYPES =
            List.of(
                    ExecutorLost.class,
                    TaskStateUpdate.class,
                    AcknowledgeCheckpointRequest.class,
                    DeclineCheckpointRequest.class,
                    ExecutorTaskStatuses.class);

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
    public void taskStateUpdated(TaskStateUpdate update) {
        bus.publish(TASK_STATE, update);
    }

    @Override
    public void checkpointAcknowledged(AcknowledgeCheckpointRequest ack) {
        bus.publish(CHECKPOINT_ACK, ack);
    }

    @Override
    public void checkpointDeclined(DeclineCheckpointRequest decline) {
        bus.publish(CHECKPOINT_DECLINE, decline);
    }

    @Override
    public void taskStatusesReported(ExecutorTaskStatuses statuses) {
        bus.publish(TASK_METRICS, statuses);
    }
}
