package io.spate.coordinator.resourcemanager;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/** Stands in for the verticle's event loop: hops queue up until the test runs them. */
final class QueuedExecutor implements Executor {

    private final Queue<Runnable> queue = new ArrayDeque<>();

    @Override
    public void execute(Runnable command) {
        queue.add(command);
    }

    /** Runs every queued task (and those they queue); answers how many ran. */
    int runAll() {
        int n = 0;
        for (Runnable r; (r = queue.poll()) != null; n++) {
            r.run();
        }
        return n;
    }
}
