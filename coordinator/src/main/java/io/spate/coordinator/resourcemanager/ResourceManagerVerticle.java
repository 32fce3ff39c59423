package io.spate.coordinator.resourcemanager;

import io.micrometer.core.instrument.MeterRegistry;
import io.spate.clock.Clock;
import io.spate.coordinator.rpc.gateway.ExecutorGatewayFactory;
import io.spate.rpc.endpoint.Endpoint;
import io.spate.rpc.proto.RegisterExecutorRequest;
import io.spate.rpc.proto.RegisterExecutorResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The {@link ResourceManager}'s state is touched on this endpoint's event loop only; every public
 * method may be called from any thread (an {@link Endpoint} ask).
 *
 * <p>Owns resources: executor registration, slots, heartbeats and executor loss. Events go out on
 * the event bus addresses of {@link ResourceManagerEvents}. Task updates and checkpoint acks do not
 * pass here: they go from the gRPC service straight to their job's master.
 */
public final class ResourceManagerVerticle extends Endpoint {

    private final Duration heartbeatInterval;
    private final Duration heartbeatTimeout;
    private final Clock clock;
    private final ExecutorGatewayFactory gateways;
    private final MeterRegistry meters;

    private ResourceManager resourceManager;
    private EventBusEvents events;
    private long heartbeatTimer;

    public ResourceManagerVerticle(
            Duration heartbeatInterval,
            Duration heartbeatTimeout,
            Clock clock,
            ExecutorGatewayFactory gateways,
            MeterRegistry meters) {
        this.heartbeatInterval = heartbeatInterval;
        this.heartbeatTimeout = heartbeatTimeout;
        this.clock = clock;
        this.gateways = gateways;
        this.meters = meters;
    }

    @Override
    protected void onStart() {
        events = new EventBusEvents(vertx.eventBus());
        events.register();
        resourceManager =
                new ResourceManager(
                        heartbeatInterval,
                        heartbeatTimeout,
                        clock,
                        gateways,
                        mainThreadExecutor(),
                        events,
                        meters,
                        () -> UUID.randomUUID().toString().replace("-", ""));
        heartbeatTimer =
                vertx.setPeriodic(
                        resourceManager.tickPeriod().toMillis(), id -> onHeartbeatTimer());
    }

    @Override
    protected void onStop(Promise<Void> done) {
        vertx.cancelTimer(heartbeatTimer);
        resourceManager.close();
        events.unregister();
        done.complete();
    }

    private void onHeartbeatTimer() {
        validateRunsInMainThread();
        resourceManager.heartbeatTick();
    }

    // ------------------------------------------------------------- gateway (any thread)

    public Future<String> sessionId() {
        return ask(() -> resourceManager.sessionId());
    }

    public Future<RegisterExecutorResponse> registerExecutor(RegisterExecutorRequest request) {
        return ask(() -> resourceManager.register(request));
    }

    /** All-or-nothing slot allocation for a job; fails with {@link NotEnoughSlotsException}. */
    public Future<List<AllocatedSlot>> allocateSlots(String jobId, int count) {
        return ask(() -> resourceManager.allocateSlots(jobId, count));
    }

    public Future<Integer> releaseSlots(String jobId) {
        return ask(() -> resourceManager.releaseSlots(jobId));
    }

    /** Heartbeats these executors now (see {@link ResourceManager#probe}). */
    public void probeExecutors(Set<String> executorIds) {
        tell(() -> resourceManager.probe(executorIds));
    }

    public Future<ClusterOverview> overview() {
        return ask(() -> resourceManager.overview());
    }

    public Future<List<ExecutorView>> executors() {
        return ask(() -> resourceManager.executors());
    }

    @Override
    public String toString() {
        return "ResourceManagerVerticle";
    }
}
