package io.spate.executor.network.netty;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * WARN at most once per interval per kind of event, so a peer that opens thousands of bad
 * connections cannot flood the log; the next line says how many were left out. The rest go to
 * DEBUG. Thread-safe: connections of every event loop share one.
 */
final class RateLimitedLog {
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private final System.Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        long startNanos;
        long suppressed;
    }

    RateLimitedLog(System.Logger log) {
        this(log, INTERVAL, System::nanoTime);
    }

    RateLimitedLog(System.Logger log, Duration interval, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Logs {@code message} at WARN unless a {@code kind} line went out within the interval. */
    void warn(String kind, String message) {
        long now = nanoClock.getAsLong();
        long suppressed;
        Window w = windows.computeIfAbsent(kind, k -> new Window());
        synchronized (w) {
            if (w.startNanos != 0 && now - w.startNanos < intervalNanos) {
                w.suppressed++;
                log.log(System.Logger.Level.DEBUG, message);
                return;
            }
            suppressed = w.suppressed;
            w.startNanos = now == 0 ? 1 : now;
            w.suppressed = 0;
        }
        log.log(
                System.Logger.Level.WARNING,
                suppressed == 0
                        ? message
                        : message + " (" + suppressed + " more " + kind + " not logged)");
    }
}
