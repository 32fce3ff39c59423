package io.spate.executor.rpc;

import java.time.Duration;

/**
 * The single thread that owns an endpoint's state (Flink: ComponentMainThreadExecutor). Mechanisms
 * run their callbacks through it so that one class can run on a verticle's event loop in the
 * process and on the test thread under a manual clock in unit tests.
 */
public interface MainThreadExecutor {

    /** Runs {@code task} on the main thread, later. Safe to call from any thread. */
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
