package io.spate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesEveryUnitAndBareMilliseconds() {
        assertThat(Durations.parse("5ms")).isEqualTo(Duration.ofMillis(5));
        assertThat(Durations.parse("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(Durations.parse("200ms")).isEqualTo(Duration.ofMillis(200));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(Durations.parse("7ns")).isEqualTo(Duration.ofNanos(7));
        assertThat(Durations.parse("150")).isEqualTo(Duration.ofMillis(150));
        assertThat(Durations.parse(" 3 s ")).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void rejectsWhatIsNotADuration() {
        for (String bad : new String[] {"", "-5ms", "1.5s", "5 seconds", "ms", "5d"}) {
            assertThatThrownBy(() -> Durations.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected a duration");
        }
        assertThatThrownBy(() -> Durations.parse("999999999999999999h"))
                .hasMessageContaining("too large");
    }

    @Test
    void formatsInTheLargestExactUnitAndParsesBack() {
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0ms");
        assertThat(Durations.format(Duration.ofMillis(5))).isEqualTo("5ms");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(Durations.format(Duration.ofSeconds(120))).isEqualTo("2m");
        assertThat(Durations.format(Duration.ofNanos(1_001))).isEqualTo("1001ns");
        for (Duration d :
                new Duration[] {
                    Duration.ofNanos(3), Duration.ofMillis(100), Duration.ofHours(25)
                }) {
            assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
        }
    }

    @Test
    void formatsANegativeValueWithItsSignForMessagesAboutIt() {
        assertThat(Durations.format(Duration.ofSeconds(-5))).isEqualTo("-5s");
        assertThat(Durations.format(Duration.ofMillis(-1500))).isEqualTo("-1500ms");
    }
}
