package io.spate.coordinator.rest;

import io.quarkus.runtime.ShutdownEvent;
import io.spate.coordinator.config.CoordinatorSettings;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The small fixed pool that parses and compiles submitted job specs, off the event loops and apart
 * from Quarkus' large worker pool, each within a time budget ({@code spate.jobs.parse-*}). Past the
 * budget the caller gets {@link Overloaded} and the work is interrupted; with every thread busy and
 * the queue full, a new submission gets {@link Overloaded} at once.
 */
@Singleton
public final class SpecWorkers {

    /** Refused for load or time, never for the spec itself: the caller may retry (503). */
    public static final class Overloaded extends RuntimeException {
        Overloaded(String message) {
            super(message, null, false, false);
        }
    }

    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer;
    private final Duration budget;

    @Inject
    SpecWorkers(CoordinatorSettings settings) {
        this(
                settings.specLimits().parseThreads(),
                settings.specLimits().parseQueue(),
                settings.specLimits().parseTimeout());
    }

    SpecWorkers(int threads, int queue, Duration budget) {
        AtomicInteger n = new AtomicInteger();
        this.pool =
                new ThreadPoolExecutor(
                        threads,
                        threads,
                        0,
                        TimeUnit.MILLISECONDS,
                        queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue),
                        r -> daemon(r, "spate-spec-parser-" + n.incrementAndGet()));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "spate-spec-timer"));
        this.budget = budget;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Runs {@code work} on the pool; the stage fails with its exception or {@link Overloaded}. */
    public <T> CompletionStage<T> run(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Future<?> running;
        try {
            running =
                    pool.submit(
                            () -> {
                                try {
                                    result.complete(work.call());
                                } catch (Throwable e) {
                                    result.completeExceptionally(e);
                                }
                            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(
                    new Overloaded(
                            "spec: the coordinator is parsing too many job specs already ("
                                    + CoordinatorSettings.PARSE_THREADS
                                    + " and "
                                    + CoordinatorSettings.PARSE_QUEUE
                                    + " are full); retry later"));
            return result;
        }
        var deadline =
                timer.schedule(
                        () -> {
                            if (result.completeExceptionally(
                                    new Overloaded(
                                            "spec: parsing and checking took longer than "
                                                    + CoordinatorSettings.PARSE_TIMEOUT
                                                    + " ("
                                                    + budget.toString()
                                                            .substring(2)
                                                            .toLowerCase(java.util.Locale.ROOT)
                                                    + "); it was abandoned"))) {
                                running.cancel(true);
                            }
                        },
                        budget.toNanos(),
                        TimeUnit.NANOSECONDS);
        result.whenComplete((v, e) -> deadline.cancel(false));
        return result;
    }

    void stop(@Observes ShutdownEvent event) {
        pool.shutdownNow();
        timer.shutdownNow();
    }
}
