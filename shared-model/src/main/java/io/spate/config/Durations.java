package io.spate.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations the way users write them, in a job spec and in the processes' configuration: a whole
 * number and a unit ({@code ns}, {@code us}, {@code ms}, {@code s}, {@code m}, {@code h}), like
 * {@code 5ms} or {@code 2m}; a bare number means milliseconds (as in Flink's configuration).
 */
public final class Durations {

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,18})\\s*(ns|us|ms|s|m|h)?");

    private static final long[] UNIT_NANOS = {
        3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L
    };
    private static final String[] UNITS = {"h", "m", "s", "ms", "us", "ns"};

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
            // The runtime's clocks count in nanoseconds: a duration must fit in a long of them.
            duration.toNanos();
            return duration;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration \"" + text + "\" is too large");
        }
    }

    /**
     * Formats {@code duration} in the largest unit that states it exactly ({@code 1500ms}, {@code
     * 5s}, {@code 2m}); {@link #parse} gives a non-negative one back. A negative one gets a minus
     * sign, so a message can show a bad configured value as it is.
     */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0ms";
        }
        for (int i = 0; i < UNIT_NANOS.length; i++) {
            if (nanos % UNIT_NANOS[i] == 0) {
                return nanos / UNIT_NANOS[i] + UNITS[i];
            }
        }
        throw new AssertionError(duration);
    }
}
