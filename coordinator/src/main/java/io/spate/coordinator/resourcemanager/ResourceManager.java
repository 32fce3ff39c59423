package io.spate.coordinator.resourcemanager;

import io.grpc.Status;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.spate.clock.Clock;
import io.spate.coordinator.heartbeat.HeartbeatMonitor;
import io.spate.coordinator.rpc.gateway.ExecutorGatewayFactory;
import io.spate.rpc.HostAndPort;
import io.spate.rpc.proto.HeartbeatRequest;
import io.spate.rpc.proto.HeartbeatResponse;
import io.spate.rpc.proto.RegisterExecutorRequest;
import io.spate.rpc.proto.RegisterExecutorResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The coordinator's resource manager (Flink: ResourceManager + SlotManager + heartbeat manager):
 * executor registration, slot bookkeeping and the heartbeat loop.
 *
 * <p>Not thread-safe: every method must be called on one thread, the owner's ({@code
 * ResourceManagerVerticle}'s event loop); gateway replies come back through {@code mainThread}.
 * Only the (thread-safe) clock is read elsewhere: on transport threads, to time round trips. Kept
 * free of Vert.x so tests drive it with a manual clock and testing gateways.
 */
public final class ResourceManager implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ResourceManager.class);

    private final String sessionId;
    private final Duration heartbeatInterval;
    private final Duration heartbeatTimeout;
    private final Clock clock;
    private final ExecutorGatewayFactory gateways;
    private final Executor mainThread;
    private final ResourceManagerEvents events;
    private final Supplier<String> ids;

    private final ExecutorRegistry registry = new ExecutorRegistry();
    private final SlotPool slotPool = new SlotPool();
    private final HeartbeatMonitor heartbeats;

    // Mirrors for metric scrapes, which run on other threads and must not read the state above.
    private final AtomicInteger executorsGauge = new AtomicInteger();
    private final AtomicInteger slotsTotalGauge = new AtomicInteger();
    private final AtomicInteger slotsFreeGauge = new AtomicInteger();
    private final Timer heartbeatRtt;

    public ResourceManager(
            Duration heartbeatInterval,
            Duration heartbeatTimeout,
            Clock clock,
            ExecutorGatewayFactory gateways,
            Executor mainThread,
            ResourceManagerEvents events,
            MeterRegistry meters,
            Supplier<String> ids) {
        this.heartbeatInterval = heartbeatInterval;
        this.heartbeatTimeout = heartbeatTimeout;
        this.clock = clock;
        this.gateways = gateways;
        this.mainThread = mainThread;
        this.events = events;
        this.ids = ids;
        this.sessionId = ids.get();
        this.heartbeats = new HeartbeatMonitor(clock, heartbeatTimeout);
        Gauge.builder("spate.executors.registered", executorsGauge, AtomicInteger::get)
                .description("Executors currently registered")
                .register(meters);
        Gauge.builder("spate.slots.total", slotsTotalGauge, AtomicInteger::get)
                .description("Task slots offered by registered executors")
                .register(meters);
        Gauge.builder("spate.slots.free", slotsFreeGauge, AtomicInteger::get)
                .description("Task slots not allocated to a job")
                .register(meters);
        this.heartbeatRtt =
                Timer.builder("spate.heartbeat.rtt")
                        .description("Coordinator->executor heartbeat round trip")
                        .publishPercentiles(0.5, 0.99, 0.999)
                        // Buckets too, so a scraper can take percentiles over its own window
                        // (bench/rpc.sh).
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(10))
                        .register(meters);
    }

    /** This coordinator run's id; executors obey only calls carrying it. */
    public String sessionId() {
        return sessionId;
    }

    // ---------------------------------------------------------------- registration and fencing

    /**
     * Registers an executor under a fresh registration id. The same executor id registering again
     * replaces its old entry (its old registration id is stale from now on, its slots start over).
     */
    public RegisterExecutorResponse register(RegisterExecutorRequest request) {
        String executorId = request.getExecutorId();
        List<String> problems = new ArrayList<>();
        if (executorId.isBlank()) {
            problems.add("executor_id: required");
        }
        HostAndPort grpc = address("grpc", request.getGrpcHost(), request.getGrpcPort(), problems);
        // An executor without its own data host shares the control-plane host.
        String dataHost =
                request.getDataHost().isBlank() ? request.getGrpcHost() : request.getDataHost();
        HostAndPort data = address("data", dataHost, request.getDataPort(), problems);
        if (request.getSlots() < 0) {
            problems.add("slots: must not be negative, got " + request.getSlots());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "bad registration of executor '"
                            + executorId
                            + "': "
                            + String.join("; ", problems));
        }
        // Remove first, then connect: a restarted executor at the same address gets a fresh channel
        // rather than the old one, which may still be backing off from the refused connection.
        registry.get(executorId)
                .ifPresent(old -> remove(old, "registered again as a new registration"));
        RegisteredExecutor executor =
                new RegisteredExecutor(
                        executorId,
                        ids.get(),
                        sessionId,
                        grpc,
                        data,
                        request.getSlots(),
                        gateways.connect(grpc));
        executor.firstHeartbeatAt(clock.nanoTime() + heartbeatInterval.toNanos());
        registry.put(executor);
        slotPool.addExecutor(executorId, executor.slots());
        heartbeats.monitor(executorId);
        updateGauges();
        LOG.infof(
                "registered %s with %d slots, data plane at %s", executor, executor.slots(), data);
        return RegisterExecutorResponse.newBuilder()
                .setRegistrationId(executor.registrationId())
                .setCoordinatorSessionId(sessionId)
                .setHeartbeatIntervalMs(heartbeatInterval.toMillis())
                .setHeartbeatTimeoutMs(heartbeatTimeout.toMillis())
                .build();
    }

    private static HostAndPort address(String what, String host, int port, List<String> problems) {
        try {
            return new HostAndPort(host, port);
        } catch (IllegalArgumentException e) {
            problems.add(what + " address " + host + ":" + port + ": " + e.getMessage());
            return null;
        }
    }

    // ---------------------------------------------------------------- heartbeats

    /**
     * How often the owner should call {@link #heartbeatTick}: a tenth of the interval, so each
     * executor is asked close to its own due time (spreading a big cluster's heartbeats over the
     * interval instead of one burst) and a loss is noticed soon after the timeout.
     */
    public Duration tickPeriod() {
        return Duration.ofMillis(Math.max(1, heartbeatInterval.toMillis() / 10));
    }

    /**
     * Drops executors not heard from for the timeout, then asks every other one whose heartbeat is
     * due (one interval after its last, measured from its registration) and has none in flight. The
     * call's deadline is the timeout: waiting longer is pointless, the executor is lost by then.
     */
    public void heartbeatTick() {
        for (String overdue : heartbeats.overdue()) {
            registry.get(overdue)
                    .ifPresent(
                            e ->
                                    lose(
                                            e,
                                            "no heartbeat reply for "
                                                    + heartbeats.sinceLastHeard(overdue).toMillis()
                                                    + " ms (timeout "
                                                    + heartbeatTimeout.toMillis()
                                                    + " ms)"));
        }
        for (RegisteredExecutor executor : List.copyOf(registry.all())) {
            if (executor.heartbeatInFlight() || !executor.heartbeatDue(clock.nanoTime())) {
                continue;
            }
            sendHeartbeat(executor);
        }
    }

    /**
     * Asks these executors at once instead of at their next due time (a job saw a failure that may
     * mean one of them died): an unreachable one is then lost within a round trip, before the job's
     * restart asks for slots, and no slot of a dead executor is handed out again. Unknown ids and
     * executors with a heartbeat in flight are skipped.
     */
    public void probe(Collection<String> executorIds) {
        for (String id : executorIds) {
            registry.get(id).filter(e -> !e.heartbeatInFlight()).ifPresent(this::sendHeartbeat);
        }
    }

    private void sendHeartbeat(RegisteredExecutor executor) {
        long sentNanos = clock.nanoTime();
        long sequence = executor.startHeartbeat(sentNanos, heartbeatInterval.toNanos());
        HeartbeatRequest request =
                HeartbeatRequest.newBuilder()
                        .setFencing(executor.fencing())
                        .setSequence(sequence)
                        .build();
        CompletableFuture<HeartbeatResponse> reply;
        try {
            reply = executor.gateway().heartbeat(request, heartbeatTimeout);
        } catch (RuntimeException e) { // a broken gateway must not stop the round for the others
            reply = CompletableFuture.failedFuture(e);
        }
        // The round trip is taken where the reply arrives (the transport thread), so it measures
        // network + executor, not how long the reply then queues for this loop behind a big round.
        reply.handle((r, failure) -> new HeartbeatReply(r, failure, clock.nanoTime() - sentNanos))
                .thenAcceptAsync(outcome -> onHeartbeatReply(executor, outcome), mainThread);
    }

    /** A heartbeat's outcome as seen on the transport thread. */
    private record HeartbeatReply(HeartbeatResponse response, Throwable failure, long rttNanos) {}

    private void onHeartbeatReply(RegisteredExecutor executor, HeartbeatReply reply) {
        executor.finishHeartbeat();
        if (registry.current(executor.executorId(), executor.registrationId()).isEmpty()) {
            return; // a late answer to a registration that is gone
        }
        if (reply.failure() == null) {
            heartbeats.heard(executor.executorId());
            executor.recordRtt(reply.rttNanos());
            heartbeatRtt.record(reply.rttNanos(), TimeUnit.NANOSECONDS);
            slotPool.applySlotReport(executor.executorId(), reply.response().getSlotsList());
            updateGauges();
            if (reply.response().getTasksCount() > 0) {
                events.taskStatusesReported(
                        new ExecutorTaskStatuses(
                                executor.executorId(), reply.response().getTasksList()));
            }
            return;
        }
        Status status = Status.fromThrowable(reply.failure());
        switch (status.getCode()) {
            // Fast path: the executor's port refuses connections, i.e. its process is gone. Waiting
            // for the timeout would only delay failover. (A restarted executor registers again.)
            case UNAVAILABLE -> lose(executor, "unreachable: " + describe(status));
            // The executor obeys another session (it registered elsewhere, or we are a stale
            // coordinator to it): drop it; it registers again with the session it should obey.
            case FAILED_PRECONDITION -> lose(executor, "refused our session: " + describe(status));
            default ->
                    LOG.debugf(
                            "heartbeat to %s failed (%s); timeout decides",
                            executor, describe(status));
        }
    }

    private static String describe(Status status) {
        StringBuilder text = new StringBuilder(status.getCode().toString());
        if (status.getDescription() != null) {
            text.append(' ').append(status.getDescription());
        }
        if (status.getCause() != null && status.getCause().getMessage() != null) {
            text.append(" (").append(status.getCause().getMessage()).append(')');
        }
        return text.toString();
    }

    private void lose(RegisteredExecutor executor, String reason) {
        Set<String> jobs = remove(executor, reason);
        LOG.warnf("lost %s: %s", executor, reason);
        events.executorLost(new ExecutorLost(executor.executorId(), reason, jobs));
    }

    private Set<String> remove(RegisteredExecutor executor, String why) {
        registry.remove(executor.executorId());
        heartbeats.unmonitor(executor.executorId());
        Set<String> jobs = slotPool.removeExecutor(executor.executorId());
        executor.gateway().close();
        updateGauges();
        LOG.debugf("removed %s: %s", executor, why);
        return jobs;
    }

    // ---------------------------------------------------------------- slots

    /**
     * All-or-nothing: {@code count} slots for {@code jobId}, or {@link NotEnoughSlotsException}.
     */
    public List<AllocatedSlot> allocateSlots(String jobId, int count) {
        List<SlotId> slots = slotPool.allocate(jobId, count);
        updateGauges();
        List<AllocatedSlot> allocated = new ArrayList<>(slots.size());
        for (SlotId slot : slots) {
            RegisteredExecutor e = registry.get(slot.executorId()).orElseThrow();
            allocated.add(
                    new AllocatedSlot(
                            slot, e.grpcAddress(), e.dataAddress(), e.gateway(), e.fencing()));
        }
        return allocated;
    }

    /** Frees all slots of {@code jobId}; answers how many. */
    public int releaseSlots(String jobId) {
        int released = slotPool.release(jobId);
        updateGauges();
        return released;
    }

    // ---------------------------------------------------------------- reads

    public Optional<RegisteredExecutor> executor(String executorId) {
        return registry.get(executorId);
    }

    public ClusterOverview overview() {
        return new ClusterOverview(registry.size(), slotPool.totalSlots(), slotPool.freeSlots());
    }

    public List<ExecutorView> executors() {
        List<ExecutorView> views = new ArrayList<>(registry.size());
        for (RegisteredExecutor e : registry.all()) {
            views.add(
                    new ExecutorView(
                            e.executorId(),
                            e.grpcAddress().toString(),
                            e.dataAddress().host(),
                            e.dataAddress().port(),
                            e.slots(),
                            slotPool.freeSlots(e.executorId()),
                            heartbeats.sinceLastHeard(e.executorId()).toMillis(),
                            e.lastRttNanos() < 0 ? -1 : e.lastRttNanos() / 1000));
        }
        return views;
    }

    private void updateGauges() {
        executorsGauge.set(registry.size());
        slotsTotalGauge.set(slotPool.totalSlots());
        slotsFreeGauge.set(slotPool.freeSlots());
    }

    /** Closes every executor gateway; the manager is unusable afterwards. */
    @Override
    public void close() {
        for (RegisteredExecutor executor : List.copyOf(registry.all())) {
            remove(executor, "coordinator stopping");
        }
    }
}
