package io.spate.executor.rpc;

import io.spate.rpc.MainThread;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;

/** A {@link MainThreadExecutor} that is a verticle's context: its event loop is the main thread. */
public final class VertxMainThreadExecutor implements MainThreadExecutor {

    private final Context context;
    private final Object owner;

    /**
     * @param context the owning verticle's context
     * @param owner the owner, named in assertion failures
     */
    public VertxMainThreadExecutor(Context context, Object owner) {
        this.context = context;
        this.owner = owner;
    }

    @Override
    public void execute(Runnable task) {
        context.runOnContext(ignored -> task.run());
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        assertRunningInMainThread();
        Vertx vertx = context.owner();
        // Called on the context, so the timer fires on it too; Vert.x timers need >= 1 ms.
        long timerId = vertx.setTimer(Math.max(1, delay.toMillis()), ignored -> task.run());
        return () -> vertx.cancelTimer(timerId);
    }

    @Override
    public void assertRunningInMainThread() {
        MainThread.validate(Vertx.currentContext() == context, owner);
    }
}
