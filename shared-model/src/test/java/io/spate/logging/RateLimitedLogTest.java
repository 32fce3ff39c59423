package io.spate.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.clock.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One line per kind per window, repeats counted into the next line; on a manual clock. */
class RateLimitedLogTest {

    private final ManualClock clock = new ManualClock();
    private final List<String> lines = new ArrayList<>();
    private final RateLimitedLog log = new RateLimitedLog(Duration.ofMinutes(1), clock, lines::add);

    @Test
    void eightyAttemptsASecondForAMinuteWriteOneLinePerKind_thenOneWithTheCount() {
        for (int i = 0; i < 80 * 60; i++) {
            log.log("disk full", "checkpoint " + i + " failed: disk full");
            if (i % 2 == 0) {
                log.log("declined", "checkpoint " + i + " declined");
            }
            clock.advance(Duration.ofMillis(12));
        }
        assertThat(lines)
                .containsExactly("checkpoint 0 failed: disk full", "checkpoint 0 declined");

        clock.advance(Duration.ofMillis(2400)); // 4800 × 12 ms + 2.4 s: the minute has passed
        assertThat(log.log("disk full", "checkpoint 4800 failed: disk full")).isTrue();
        assertThat(lines.getLast())
                .isEqualTo(
                        "checkpoint 4800 failed: disk full (repeated 4799 times in the last 60 s)");
        assertThat(log.log("disk full", "again")).isFalse();
    }

    @Test
    void aKindSeenOnceAWindowIsWrittenEveryTimeWithoutACount() {
        for (int i = 0; i < 3; i++) {
            assertThat(log.log("k", "line " + i)).isTrue();
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(lines).containsExactly("line 0", "line 1", "line 2");
    }

    @Test
    void manyDistinctKindsDoNotGrowWithoutBound() {
        for (int i = 0; i < 10 * RateLimitedLog.MAX_KINDS; i++) {
            log.log("kind " + i, "line " + i);
        }
        assertThat(lines).hasSize(10 * RateLimitedLog.MAX_KINDS); // each was new: written
        // A remembered kind may have been forgotten to make room, but a fresh repeat of the last
        // one is still limited.
        assertThat(log.log("kind " + (10 * RateLimitedLog.MAX_KINDS - 1), "again")).isFalse();
    }
}
