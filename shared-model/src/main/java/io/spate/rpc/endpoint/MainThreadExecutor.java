package io.spate.rpc.endpoint;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The one thread that owns an endpoint's state (Flink: ComponentMainThreadExecutor). Mechanisms
 * take it instead of a Vert.x context, so the same class runs on an endpoint's event loop in the
 * process and on the test thread under a manual clock in unit tests.
 */
public interface MainThreadExecutor extends Executor {

    /** Runs {@code task} on the main thread, later. Safe to call from any thread. */
    @Override
    void execute(Runnable task);

    /** Runs {@code task} on the main thread after {@code delay}. Main thread only. */
    Cancellable schedule(Duration delay, Runnable task);

    /** Fails (as an assert) when the caller is not on the main thread. */
    void assertRunningInMainThread();

    /** A scheduled task that has not run yet can be cancelled; cancelling later is a no-op. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
