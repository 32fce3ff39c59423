package io.spate.config;

import java.time.Duration;

/** Durations the way users write them in Spate's config ({@code 500ms}, {@code 5s}, {@code 2m}). */
public final class Durations {

    private Durations() {}

    /** The shortest exact form: {@code 1500ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos % 1_000_000L != 0) {
            return nanos % 1_000L == 0 ? nanos / 1_000L + "us" : nanos + "ns";
        }
        long ms = nanos / 1_000_000L;
        if (ms == 0 || ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
