package io.spate.jobgraph;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job spec's duration syntax: a whole number and a unit ({@code ns}, {@code us}, {@code ms},
 * {@code s}, {@code m}, {@code h}), like {@code 5ms} or {@code 2m}; a bare number means
 * milliseconds (as in Flink's configuration).
 */
public final class Durations {

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,18})\\s*(ns|us|ms|s|m|h)?");

    private Durations() {}

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the expected syntax when {@code text} is not one
     */
    public static Duration parse(String text) {
        Matcher m = SYNTAX.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "expected a duration like 5ms, 1s, 2m (units ns, us, ms, s, m, h; a bare number is"
                            + " milliseconds), got \""
                            + text
                            + "\"");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        try {
            Duration duration =
                    switch (unit) {
                        case "ns" -> Duration.ofNanos(amount);
                        case "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1_000L));
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> throw new AssertionError(unit);
                    };
            duration.toNanos(); // durations must fit in a long of nanoseconds: the runtime's clocks
            // use them
            return duration;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration \"" + text + "\" is too large");
        }
    }

    /** Formats {@code duration} in the largest unit that states it exactly; parse gives it back. */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration " + duration);
        }
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0ms";
        }
        long[] sizes = {
            3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L
        };
        String[] units = {"h", "m", "s", "ms", "us", "ns"};
        for (int i = 0; i < sizes.length; i++) {
            if (nanos % sizes[i] == 0) {
                return nanos / sizes[i] + units[i];
            }
        }
        throw new AssertionError(duration);
    }
}
