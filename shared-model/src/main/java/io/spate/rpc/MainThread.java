package io.spate.rpc;

/**
 * Flink's {@code validateRunsInMainThread}: an endpoint's state may be touched by its own thread
 * only. The check is an {@code assert} — free in production, enforced in tests (run with -ea).
 */
public final class MainThread {

    private MainThread() {}

    /**
     * Asserts the caller runs on the thread that owns {@code owner}.
     *
     * @param owner a description of the owner for the failure message
     * @param onOwnThread whether the current thread is the owner's (e.g. {@code
     *     Vertx.currentContext() == context})
     */
    public static boolean validate(boolean onOwnThread, Object owner) {
        assert onOwnThread
                : "called on thread '"
                        + Thread.currentThread().getName()
                        + "', but "
                        + owner
                        + " may only be touched on its own event loop";
        return onOwnThread;
    }
}
