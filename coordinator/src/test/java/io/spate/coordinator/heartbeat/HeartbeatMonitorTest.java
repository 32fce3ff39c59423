package io.spate.coordinator.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.clock.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatMonitorTest {

    private final ManualClock clock = new ManualClock();
    private final HeartbeatMonitor monitor = new HeartbeatMonitor(clock, Duration.ofSeconds(5));

    @Test
    void targetIsOverdueFromTheTimeoutOn() {
        monitor.monitor("a");
        clock.advance(Duration.ofMillis(4999));
        assertThat(monitor.overdue()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(monitor.overdue()).containsExactly("a");
    }

    @Test
    void hearingFromATargetRestartsItsCount() {
        monitor.monitor("a");
        clock.advance(Duration.ofSeconds(4));
        monitor.heard("a");
        clock.advance(Duration.ofSeconds(4));
        assertThat(monitor.overdue()).isEmpty();
        assertThat(monitor.sinceLastHeard("a")).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void unmonitoredTargetsAreNeitherOverdueNorRevivedByLateReplies() {
        monitor.monitor("a");
        monitor.unmonitor("a");
        monitor.heard("a");
        clock.advance(Duration.ofMinutes(1));
        assertThat(monitor.overdue()).isEmpty();
    }
}
