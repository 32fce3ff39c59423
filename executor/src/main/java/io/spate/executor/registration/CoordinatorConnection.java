package io.spate.executor.registration;

import io.grpc.Status;
import io.spate.clock.Clock;
import io.spate.executor.heartbeat.CoordinatorLivenessMonitor;
import io.spate.executor.rpc.gateway.CoordinatorGateway;
import io.spate.rpc.endpoint.MainThreadExecutor;
import io.spate.rpc.proto.CoordinatorFencing;
import io.spate.rpc.proto.ExecutorFencing;
import io.spate.rpc.proto.RegisterExecutorResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Keeps this executor registered with exactly one coordinator session (Flink: the TaskExecutor's
 * ResourceManager connection with its RetryingRegistration and heartbeat monitor). Touched on its
 * {@link MainThreadExecutor} only.
 *
 * <pre>
 *            start()                 reply ok                      timeout / UNAVAILABLE /
 *  UNREGISTERED ──▶ REGISTERING ─────────────────▶ REGISTERED ──── FAILED_PRECONDITION ──┐
 *                    ▲   │ refused / unreachable:                                        │
 *                    │   └─ retry after backoff (50 ms, doubling, 0.25 s cap)            │
 *                    └───────────────── register again (backoff reset) ◀─────────────────┘
 * </pre>
 *
 * Fencing both ways: a coordinator call is obeyed only if it carries the session (and registration)
 * this executor registered with; every call to the coordinator carries the registration id, and a
 * refusal of it means "register again".
 */
public final class CoordinatorConnection {

    private static final Logger LOG = Logger.getLogger(CoordinatorConnection.class);

    /** Repeated failures of one kind are logged at the first and then every so many attempts. */
    private static final int LOG_EVERY_ATTEMPTS = 10;

    /** How often to look whether the own gRPC server is bound, before the first attempt. */
    static final Duration PORT_POLL = Duration.ofMillis(50);

    /** What the owner learns about the connection, on the main thread. */
    public interface Listener {
        default void registrationAttempted(long attempts) {}

        default void registered(Registration registration) {}

        /**
         * The registration is gone: the coordinator was lost or refused it. The owner cancels the
         * tasks of that registration; registering again follows at once.
         */
        default void disconnected(Registration lost, String reason) {}
    }

    /** Where the connection stands. */
    public enum Phase {
        REGISTERING,
        REGISTERED,
        CLOSED
    }

    private final CoordinatorGateway gateway;
    private final MainThreadExecutor mainThread;
    private final Clock clock;
    private final Supplier<ExecutorDescription> description;
    private final Duration defaultHeartbeatTimeout;
    private final String coordinatorName;
    private final Listener listener;
    private final RegistrationBackoff backoff = new RegistrationBackoff();

    private Phase phase = Phase.REGISTERING;
    private Registration registration;
    private CoordinatorLivenessMonitor liveness;
    private MainThreadExecutor.Cancellable pendingTimer = () -> {};

    /** Identifies the attempt whose reply counts; replies of older attempts are dropped. */
    private long attemptGeneration;

    private long attempts;
    private int failureStreak;
    private Status.Code lastFailureCode;
    private String lastFailure = "no attempt yet";

    /**
     * @param description read at every attempt, so ports bound late (gRPC, data plane) are current
     * @param defaultHeartbeatTimeout used when the coordinator's reply names none
     * @param coordinatorName the coordinator's address, for log lines
     */
    public CoordinatorConnection(
            CoordinatorGateway gateway,
            MainThreadExecutor mainThread,
            Clock clock,
            Supplier<ExecutorDescription> description,
            Duration defaultHeartbeatTimeout,
            String coordinatorName,
            Listener listener) {
        this.gateway = gateway;
        this.mainThread = mainThread;
        this.clock = clock;
        this.description = description;
        this.defaultHeartbeatTimeout = defaultHeartbeatTimeout;
        this.coordinatorName = coordinatorName;
        this.listener = listener;
    }

    /** Makes the first registration attempt now. */
    public void start() {
        mainThread.assertRunningInMainThread();
        attemptRegistration();
    }

    /** Stops every timer; replies still in flight are ignored. */
    public void close() {
        mainThread.assertRunningInMainThread();
        phase = Phase.CLOSED;
        pendingTimer.cancel();
        attemptGeneration++;
    }

    // ---- coordinator -> executor -------------------------------------------------------------

    /**
     * Checks that a coordinator call comes from the session (and registration) this executor is
     * registered with.
     *
     * @throws FencingTokenException naming both sides when it does not
     */
    public void checkFencing(CoordinatorFencing fencing) {
        mainThread.assertRunningInMainThread();
        String callerSession = fencing.getCoordinatorSessionId();
        if (registration == null) {
            throw new FencingTokenException(
                    "call from coordinator session '"
                            + callerSession
                            + "' refused: this executor is not registered with any coordinator");
        }
        if (!callerSession.equals(registration.coordinatorSessionId())) {
            throw new FencingTokenException(
                    "call from coordinator session '"
                            + callerSession
                            + "' refused: this executor is registered with session '"
                            + registration.coordinatorSessionId()
                            + "'");
        }
        String callerRegistration = fencing.getRegistrationId();
        if (!callerRegistration.isEmpty()
                && !callerRegistration.equals(registration.registrationId())) {
            throw new FencingTokenException(
                    "call for registration '"
                            + callerRegistration
                            + "' refused: this executor's registration with session '"
                            + registration.coordinatorSessionId()
                            + "' is '"
                            + registration.registrationId()
                            + "'");
        }
    }

    /** A heartbeat passed {@link #checkFencing}: the coordinator is alive. */
    public void heardFromCoordinator() {
        mainThread.assertRunningInMainThread();
        if (liveness != null) {
            liveness.heardNow();
        }
    }

    // ---- executor -> coordinator -------------------------------------------------------------

    /**
     * Makes a fenced call to the coordinator with this registration's fencing token. Its future
     * completes on the main thread. UNAVAILABLE (the coordinator is gone) or FAILED_PRECONDITION
     * (it no longer knows this registration) drops the registration and registers again.
     */
    public <T> CompletableFuture<T> callFenced(
            BiFunction<CoordinatorGateway, ExecutorFencing, CompletableFuture<T>> call) {
        mainThread.assertRunningInMainThread();
        CompletableFuture<T> result = new CompletableFuture<>();
        if (registration == null) {
            result.completeExceptionally(
                    new IllegalStateException(
                            "not registered with a coordinator; the call waits for a registration"));
            return result;
        }
        Registration callingAs = registration;
        ExecutorFencing fencing =
                ExecutorFencing.newBuilder()
                        .setExecutorId(description.get().executorId())
                        .setRegistrationId(callingAs.registrationId())
                        .build();
        CompletableFuture<T> reply;
        try {
            reply = call.apply(gateway, fencing);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete(
                (value, failure) ->
                        mainThread.execute(
                                () -> {
                                    if (failure != null) {
                                        onFencedCallFailed(
                                                callingAs, Status.fromThrowable(failure));
                                        result.completeExceptionally(failure);
                                    } else {
                                        result.complete(value);
                                    }
                                }));
        return result;
    }

    private void onFencedCallFailed(Registration callingAs, Status status) {
        mainThread.assertRunningInMainThread();
        if (callingAs != registration) {
            return; // already registered again since this call left
        }
        if (status.getCode() == Status.Code.UNAVAILABLE) {
            reconnect("coordinator unreachable (" + describe(status) + ")");
        } else if (status.getCode() == Status.Code.FAILED_PRECONDITION) {
            reconnect(
                    "coordinator refused registration "
                            + callingAs.registrationId()
                            + " ("
                            + describe(status)
                            + ")");
        }
    }

    // ---- registration ------------------------------------------------------------------------

    private void attemptRegistration() {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.REGISTERING;
        long generation = ++attemptGeneration;
        ExecutorDescription self = description.get();
        if (self.grpcPort() <= 0) {
            // The HTTP/gRPC server binds after we start; announcing port 0 would be useless.
            LOG.debug("own gRPC server not bound yet; registration waits for it");
            pendingTimer =
                    mainThread.schedule(
                            PORT_POLL,
                            () -> {
                                if (generation == attemptGeneration && phase == Phase.REGISTERING) {
                                    attemptRegistration();
                                }
                            });
            return;
        }
        attempts++;
        listener.registrationAttempted(attempts);
        if (failureStreak == 0) {
            LOG.infof(
                    "registering with coordinator %s as executor %s: gRPC %s:%d, data %s:%d, %d slots",
                    coordinatorName,
                    self.executorId(),
                    self.grpcHost(),
                    self.grpcPort(),
                    self.dataHost(),
                    self.dataPort(),
                    self.slots());
        }
        CompletableFuture<RegisterExecutorResponse> reply;
        try {
            reply = gateway.registerExecutor(self.toRequest());
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete(
                (response, failure) ->
                        mainThread.execute(
                                () -> {
                                    if (failure != null) {
                                        onRegistrationFailed(
                                                generation, Status.fromThrowable(failure));
                                    } else {
                                        onRegistrationAccepted(generation, response);
                                    }
                                }));
    }

    private void onRegistrationAccepted(long generation, RegisterExecutorResponse response) {
        mainThread.assertRunningInMainThread();
        if (generation != attemptGeneration || phase != Phase.REGISTERING) {
            return;
        }
        if (response.getRegistrationId().isEmpty()
                || response.getCoordinatorSessionId().isEmpty()) {
            onRegistrationFailed(
                    generation,
                    Status.INTERNAL.withDescription(
                            "coordinator answered without a registration id or session id"));
            return;
        }
        Duration timeout =
                response.getHeartbeatTimeoutMs() > 0
                        ? Duration.ofMillis(response.getHeartbeatTimeoutMs())
                        : defaultHeartbeatTimeout;
        Registration established =
                new Registration(
                        response.getRegistrationId(),
                        response.getCoordinatorSessionId(),
                        Duration.ofMillis(response.getHeartbeatIntervalMs()),
                        timeout);
        backoff.reset();
        failureStreak = 0;
        lastFailureCode = null;
        lastFailure = "none";
        registration = established;
        phase = Phase.REGISTERED;
        liveness = new CoordinatorLivenessMonitor(clock, timeout);
        armLivenessCheck(established, timeout);
        LOG.infof(
                "registered with coordinator %s: session %s, registration %s, heartbeat timeout %s ms",
                coordinatorName,
                established.coordinatorSessionId(),
                established.registrationId(),
                timeout.toMillis());
        listener.registered(established);
    }

    private void onRegistrationFailed(long generation, Status status) {
        mainThread.assertRunningInMainThread();
        if (generation != attemptGeneration || phase != Phase.REGISTERING) {
            return;
        }
        Duration pause = backoff.next();
        logFailure(status, pause);
        lastFailure = describe(status);
        pendingTimer =
                mainThread.schedule(
                        pause,
                        () -> {
                            mainThread.assertRunningInMainThread();
                            if (generation == attemptGeneration && phase == Phase.REGISTERING) {
                                attemptRegistration();
                            }
                        });
    }

    private void logFailure(Status status, Duration pause) {
        boolean sameKind = status.getCode() == lastFailureCode;
        failureStreak = sameKind ? failureStreak + 1 : 1;
        lastFailureCode = status.getCode();
        if (failureStreak % LOG_EVERY_ATTEMPTS != 1) {
            LOG.debugf("registration attempt %d failed (%s)", attempts, describe(status));
            return;
        }
        String repeated = failureStreak > 1 ? " (" + failureStreak + " attempts so far)" : "";
        if (status.getCode() == Status.Code.UNAUTHENTICATED) {
            LOG.errorf(
                    "coordinator refused our auth token (spate.auth.token) at %s%s; retrying in %d ms",
                    coordinatorName, repeated, pause.toMillis());
        } else {
            LOG.warnf(
                    "cannot register with coordinator %s: %s%s; retrying in %d ms",
                    coordinatorName, describe(status), repeated, pause.toMillis());
        }
    }

    // ---- coordinator loss --------------------------------------------------------------------

    private void armLivenessCheck(Registration watched, Duration delay) {
        pendingTimer = mainThread.schedule(delay, () -> checkLiveness(watched));
    }

    private void checkLiveness(Registration watched) {
        mainThread.assertRunningInMainThread();
        if (watched != registration || phase != Phase.REGISTERED) {
            return;
        }
        if (liveness.isLost()) {
            reconnect("coordinator not heard for " + liveness.silentFor().toMillis() + " ms");
        } else {
            armLivenessCheck(watched, liveness.untilLost());
        }
    }

    /** Drops the registration (its tasks go, via the listener) and registers again at once. */
    private void reconnect(String reason) {
        Registration lost = registration;
        LOG.warnf(
                "lost coordinator %s (session %s): %s; registering again",
                coordinatorName, lost.coordinatorSessionId(), reason);
        pendingTimer.cancel();
        registration = null;
        liveness = null;
        backoff.reset();
        lastFailure = reason;
        listener.disconnected(lost, reason);
        attemptRegistration();
    }

    // ---- views -------------------------------------------------------------------------------

    public Phase phase() {
        return phase;
    }

    /** The current registration, or null while (re-)registering. */
    public Registration registration() {
        return registration;
    }

    public long attempts() {
        return attempts;
    }

    /** Why the last attempt or registration failed, for health checks and logs. */
    public String lastFailure() {
        return lastFailure;
    }

    private static String describe(Status status) {
        StringBuilder text = new StringBuilder(status.getCode().toString());
        if (status.getDescription() != null) {
            text.append(": ").append(status.getDescription());
        }
        // Transport failures say only "io exception"; the cause says which ("Connection refused").
        if (status.getCause() != null && status.getCause().getMessage() != null) {
            text.append(" (").append(status.getCause().getMessage()).append(')');
        }
        return text.toString();
    }
}
