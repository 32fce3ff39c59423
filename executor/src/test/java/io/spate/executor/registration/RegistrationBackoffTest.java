package io.spate.executor.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrationBackoffTest {

    @Test
    void doublesFrom50MillisUpToTheQuarterSecondCap() {
        RegistrationBackoff backoff = new RegistrationBackoff();
        List<Long> pauses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            pauses.add(backoff.next().toMillis());
        }
        assertThat(pauses).containsExactly(50L, 100L, 200L, 250L, 250L, 250L, 250L, 250L);
    }

    @Test
    void resetStartsOverAtTheInitialPause() {
        RegistrationBackoff backoff = new RegistrationBackoff();
        backoff.next();
        backoff.next();
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void refusesACapBelowTheInitialPause() {
        assertThatThrownBy(
                        () -> new RegistrationBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initial <= max");
    }
}
