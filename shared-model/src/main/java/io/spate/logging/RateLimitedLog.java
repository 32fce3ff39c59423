package io.spate.logging;

import io.spate.clock.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A log that writes at most one line per kind of event per window; the repeats it swallowed are
 * counted into the next line of that kind ("… (repeated 79 times in the last 60 s)"). Thread-safe
 * (one lock, held for a map lookup): a job master's event loop uses one, and so do all the data
 * server's event loops together.
 *
 * <p>A failure that repeats many times a second (a full disk failing every checkpoint) would
 * otherwise fill the very disk the log is on.
 */
public final class RateLimitedLog {

    /** More kinds than this and those whose window passed are forgotten (kinds come from input). */
    static final int MAX_KINDS = 64;

    private final Duration window;
    private final Clock clock;
    private final Consumer<String> sink;
    private final Map<String, Window> kinds = new HashMap<>();

    /** When the kind was last written, and how many of it were swallowed since. */
    private static final class Window {
        final long startNanos;
        long suppressed;

        Window(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    /** The data plane's window: one WARN line per kind of refusal per 10 s. */
    public static final Duration DATA_PLANE_WINDOW = Duration.ofSeconds(10);

    /** WARN lines on {@code owner}'s logger, one per kind per {@link #DATA_PLANE_WINDOW}. */
    public static RateLimitedLog warnings(Class<?> owner) {
        System.Logger logger = System.getLogger(owner.getName());
        return new RateLimitedLog(
                DATA_PLANE_WINDOW,
                Clock.SYSTEM,
                line -> logger.log(System.Logger.Level.WARNING, line));
    }

    public RateLimitedLog(Duration window, Clock clock, Consumer<String> sink) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        this.window = window;
        this.clock = clock;
        this.sink = sink;
    }

    /**
     * Writes {@code line} unless a line of {@code kind} was written within the window; answers
     * whether it was written.
     */
    public synchronized boolean log(String kind, String line) {
        long now = clock.nanoTime();
        Window current = kinds.get(kind);
        if (current != null && now - current.startNanos < window.toNanos()) {
            current.suppressed++;
            return false;
        }
        if (current == null && kinds.size() >= MAX_KINDS) {
            forgetExpired(now);
        }
        String text = line;
        if (current != null && current.suppressed > 0) {
            long seconds = (now - current.startNanos) / 1_000_000_000L;
            text += " (repeated " + current.suppressed + " times in the last " + seconds + " s)";
        }
        kinds.put(kind, new Window(now));
        sink.accept(text);
        return true;
    }

    private void forgetExpired(long now) {
        kinds.values().removeIf(w -> now - w.startNanos >= window.toNanos());
        if (kinds.size() >= MAX_KINDS) {
            kinds.clear(); // all busy: a few lines more beat an unbounded map
        }
    }
}
