package io.spate.executor.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.clock.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CoordinatorLivenessMonitorTest {

    private final ManualClock clock = new ManualClock();
    private final CoordinatorLivenessMonitor monitor =
            new CoordinatorLivenessMonitor(clock, Duration.ofSeconds(5));

    @Test
    void isLostOnlyOnceSilentForTheWholeTimeout() {
        clock.advance(Duration.ofMillis(4999));
        assertThat(monitor.isLost()).isFalse();
        assertThat(monitor.untilLost()).isEqualTo(Duration.ofMillis(1));

        clock.advance(Duration.ofMillis(1));
        assertThat(monitor.isLost()).isTrue();
        assertThat(monitor.untilLost()).isZero();
    }

    @Test
    void hearingTheCoordinatorRestartsTheTimeout() {
        clock.advance(Duration.ofSeconds(4));
        monitor.heardNow();
        clock.advance(Duration.ofSeconds(4));

        assertThat(monitor.isLost()).isFalse();
        assertThat(monitor.silentFor()).isEqualTo(Duration.ofSeconds(4));
    }
}
