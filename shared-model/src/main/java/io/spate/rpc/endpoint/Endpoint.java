package io.spate.rpc.endpoint;

import io.smallrye.mutiny.Uni;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;

/**
 * Everything a subclass keeps is touched on its own event loop only; {@link #ask} and {@link #tell}
 * are the way in from any other thread (Flink: {@code RpcEndpoint}; Vert.x: {@code Context}).
 *
 * <p>The one frame of every {@code *Verticle} in both apps:
 *
 * <ul>
 *   <li>{@link #onStart} and {@link #onStop} run on the loop; a subclass never overrides the
 *       verticle's own {@code start}/{@code stop}.
 *   <li>{@link #ask} runs a call on the loop and answers its result; {@link #askAsync} composes a
 *       call that answers a future (another endpoint's ask). Answers complete on the loop that
 *       completed them: a caller that cares about its thread goes {@link #backToCaller}.
 *   <li>{@link #tell} is a one-way message: same order as asks, nothing answered.
 *   <li>{@link #mainThreadExecutor} hands mechanisms (plain classes) the loop and its timers.
 *   <li>{@link #validateRunsInMainThread} is an {@code assert}: free in production, enforced in
 *       tests (Surefire runs with {@code -ea}).
 * </ul>
 *
 * <p>Not running: a message sent before the endpoint started waits for its start, in order (an
 * endpoint is addressed as soon as it is created — a job master is routed to before its deployment
 * completes); once it stopped, or when its start failed, an ask fails with {@link
 * EndpointNotRunningException} and a tell is dropped (logged at debug).
 */
public abstract class Endpoint extends AbstractVerticle {

    private static final Logger LOG = Logger.getLogger(Endpoint.class);

    private final Promise<Context> started = Promise.promise();
    private volatile boolean stopped;

    /** Runs on the loop when the endpoint is deployed; a throw fails the deployment. */
    protected void onStart() throws Exception {}

    /** Runs on the loop when the endpoint is undeployed; complete {@code done} when stopped. */
    protected void onStop(Promise<Void> done) {
        done.complete();
    }

    @Override
    public final void start(Promise<Void> startPromise) {
        validateRunsInMainThread();
        try {
            onStart();
        } catch (Exception | Error e) {
            stopped = true;
            started.tryFail(new EndpointNotRunningException(toString()));
            startPromise.fail(e);
            return;
        }
        started.complete(context);
        startPromise.complete();
    }

    @Override
    public final void stop(Promise<Void> stopPromise) {
        validateRunsInMainThread();
        stopped = true;
        onStop(stopPromise);
    }

    /** Started and not stopped: asks are answered (for readiness checks). */
    public final boolean isRunning() {
        return started.future().succeeded() && !stopped;
    }

    // ------------------------------------------------------------------ messages (any thread)

    /** Runs {@code call} on the loop; the answer is its result or what it threw. */
    protected final <T> Future<T> ask(Callable<T> call) {
        return askAsync(() -> Future.succeededFuture(call.call()));
    }

    /** Runs {@code call} on the loop; the answer is the future it returns. */
    protected final <T> Future<T> askAsync(AsyncCall<T> call) {
        return started.future()
                .compose(
                        own -> {
                            if (stopped) {
                                return Future.failedFuture(
                                        new EndpointNotRunningException(toString()));
                            }
                            Promise<T> answer = Promise.promise();
                            own.runOnContext(
                                    v -> {
                                        if (stopped) {
                                            answer.fail(
                                                    new EndpointNotRunningException(toString()));
                                            return;
                                        }
                                        validateRunsInMainThread();
                                        try {
                                            call.call().onComplete(answer);
                                        } catch (Exception e) {
                                            answer.fail(e);
                                        }
                                    });
                            return answer.future();
                        });
    }

    /** Runs {@code message} on the loop, in order with asks; nothing is answered. */
    protected final void tell(Runnable message) {
        ask(() -> {
                    message.run();
                    return null;
                })
                .onFailure(
                        e -> {
                            if (e instanceof EndpointNotRunningException) {
                                LOG.debugf("%s: message dropped, not running", this);
                            } else {
                                LOG.errorf(e, "%s: a message failed", this);
                            }
                        });
    }

    /** A call that answers a future. */
    @FunctionalInterface
    protected interface AsyncCall<T> {
        Future<T> call() throws Exception;
    }

    // ------------------------------------------------------------------ the loop

    /**
     * The loop as an executor with timers, for the mechanisms this endpoint owns. Call from {@link
     * #onStart} on: the endpoint's context exists once it is deployed.
     */
    protected final MainThreadExecutor mainThreadExecutor() {
        Context own = context;
        if (own == null) {
            throw new IllegalStateException(this + " is not deployed yet");
        }
        return new MainThreadExecutor() {
            @Override
            public void execute(Runnable task) {
                own.runOnContext(v -> task.run());
            }

            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                assertRunningInMainThread();
                Vertx vertx = own.owner();
                // Set on the loop, so the timer fires on it; Vert.x timers need >= 1 ms.
                long timerId = vertx.setTimer(Math.max(1, delay.toMillis()), id -> task.run());
                return () -> vertx.cancelTimer(timerId);
            }

            @Override
            public void assertRunningInMainThread() {
                validateRunsInMainThread();
            }
        };
    }

    /**
     * Asserts the caller runs on this endpoint's loop. The one definition of "on my loop": the
     * endpoint's context, or a duplicate of it (Quarkus runs event bus and request handlers on
     * duplicated contexts: same loop, same thread).
     */
    protected final void validateRunsInMainThread() {
        assert isOnLoop()
                : "called on thread '"
                        + Thread.currentThread().getName()
                        + "', but "
                        + this
                        + " may only be touched on its own event loop";
    }

    private boolean isOnLoop() {
        Context current = Vertx.currentContext();
        return current != null
                && (current == context
                        || current instanceof ContextInternal c && c.unwrap() == context);
    }

    // ------------------------------------------------------------------ replies

    /**
     * A {@link Uni} of {@code answer} that emits on the caller's Vert.x context (the HTTP or gRPC
     * request's), so the response is written from the connection's own event loop.
     */
    public static <T> Uni<T> backToCaller(Future<T> answer) {
        Context caller = Vertx.currentContext();
        Uni<T> uni = Uni.createFrom().completionStage(answer.toCompletionStage());
        return caller == null ? uni : uni.emitOn(task -> caller.runOnContext(v -> task.run()));
    }
}
