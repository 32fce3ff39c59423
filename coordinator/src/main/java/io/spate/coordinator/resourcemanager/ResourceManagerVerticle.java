package io.spate.coordinator.resourcemanager;

import io.micrometer.core.instrument.MeterRegistry;
import io.spate.clock.Clock;
import io.spate.coordinator.rpc.ExecutorGatewayFactory;
import io.spate.rpc.MainThread;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import io.spate.rpc.proto.RegisterExecutorRequest;
import io.spate.rpc.proto.RegisterExecutorResponse;
import io.spate.rpc.proto.TaskStateUpdate;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Owns the {@link ResourceManager}, whose state is touched on this verticle's event loop only.
 *
 * <p>Every public method may be called from any thread: it hops onto the event loop, runs there,
 * and answers a future (Flink: an RpcEndpoint's gateway call). Events go out on the event bus
 * addresses of {@link ResourceManagerEvents}.
 */
public final class ResourceManagerVerticle extends AbstractVerticle {

    private final Duration heartbeatInterval;
    private final Duration heartbeatTimeout;
    private final Clock clock;
    private final ExecutorGatewayFactory gateways;
    private final MeterRegistry meters;

    /** Set once started; read by callers on other threads to hop onto the loop. */
    private volatile Context loop;

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
    public void start() {
        assertOnLoop();
        events = new EventBusEvents(vertx.eventBus());
        events.register();
        resourceManager =
                new ResourceManager(
                        heartbeatInterval,
                        heartbeatTimeout,
                        clock,
                        gateways,
                        command -> context.runOnContext(v -> command.run()),
                        events,
                        meters,
                        () -> UUID.randomUUID().toString().replace("-", ""));
        heartbeatTimer =
                vertx.setPeriodic(
                        resourceManager.tickPeriod().toMillis(), id -> onHeartbeatTimer());
        loop = context;
    }

    @Override
    public void stop() {
        assertOnLoop();
        loop = null;
        vertx.cancelTimer(heartbeatTimer);
        resourceManager.close();
        events.unregister();
    }

    private void onHeartbeatTimer() {
        assertOnLoop();
        resourceManager.heartbeatTick();
    }

    private void assertOnLoop() {
        MainThread.validate(Vertx.currentContext() == context, this);
    }

    // ------------------------------------------------------------- gateway (any thread)

    /** Whether it is deployed and answering (for readiness). */
    public boolean isRunning() {
        return loop != null;
    }

    public Future<String> sessionId() {
        return ask(ResourceManager::sessionId);
    }

    public Future<RegisterExecutorResponse> registerExecutor(RegisterExecutorRequest request) {
        return ask(rm -> rm.register(request));
    }

    public Future<Ack> updateTaskState(TaskStateUpdate update) {
        return ask(rm -> rm.updateTaskState(update));
    }

    public Future<Ack> acknowledgeCheckpoint(AcknowledgeCheckpointRequest ack) {
        return ask(rm -> rm.acknowledgeCheckpoint(ack));
    }

    public Future<Ack> declineCheckpoint(DeclineCheckpointRequest decline) {
        return ask(rm -> rm.declineCheckpoint(decline));
    }

    /** All-or-nothing slot allocation for a job; fails with {@link NotEnoughSlotsException}. */
    public Future<List<AllocatedSlot>> allocateSlots(String jobId, int count) {
        return ask(rm -> rm.allocateSlots(jobId, count));
    }

    public Future<Integer> releaseSlots(String jobId) {
        return ask(rm -> rm.releaseSlots(jobId));
    }

    /** Heartbeats these executors now (see {@link ResourceManager#probe}). */
    public Future<Void> probeExecutors(java.util.Set<String> executorIds) {
        return ask(
                rm -> {
                    rm.probe(executorIds);
                    return null;
                });
    }

    public Future<ClusterOverview> overview() {
        return ask(ResourceManager::overview);
    }

    public Future<List<ExecutorView>> executors() {
        return ask(ResourceManager::executors);
    }

    /**
     * Runs {@code call} on this verticle's event loop. The answer completes there; Vert.x futures
     * run their listeners on the completing thread, so callers that care hop back themselves.
     */
    private <T> Future<T> ask(Function<ResourceManager, T> call) {
        Context own = loop;
        if (own == null) {
            return Future.failedFuture(new NotRunningException());
        }
        Promise<T> answer = Promise.promise();
        own.runOnContext(
                v -> {
                    assertOnLoop();
                    try {
                        answer.complete(call.apply(resourceManager));
                    } catch (RuntimeException e) {
                        answer.fail(e);
                    }
                });
        return answer.future();
    }

    @Override
    public String toString() {
        return "ResourceManagerVerticle";
    }
}
