package io.spate.executor.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatermarkValveTest {

    private final List<String> out = new ArrayList<>();
    private final WatermarkValve valve =
            new WatermarkValve(
                    3,
                    new WatermarkValve.Listener() {
                        @Override
                        public void onWatermark(long watermark) {
                            out.add("wm" + watermark);
                        }

                        @Override
                        public void onIdle(boolean idle) {
                            out.add(idle ? "idle" : "active");
                        }
                    });

    @Test
    void theMinimumOverActiveChannelsOnlyRises() throws Exception {
        valve.onWatermark(0, 10);
        valve.onWatermark(1, 5);
        assertThat(out).isEmpty(); // channel 2 has said nothing yet
        valve.onWatermark(2, 7);
        assertThat(out).containsExactly("wm5");
        valve.onWatermark(1, 20);
        assertThat(out).containsExactly("wm5", "wm7");
        valve.onWatermark(2, 3); // a channel going back does not lower the task's watermark
        assertThat(out).containsExactly("wm5", "wm7");
        assertThat(valve.watermark()).isEqualTo(7);
    }

    @Test
    void anIdleChannelStopsHoldingBackAndRejoinsWhenItSendsAgain() throws Exception {
        valve.onWatermark(0, 10);
        valve.onWatermark(1, 12);
        valve.onStatus(2, true);
        assertThat(out).containsExactly("wm10");
        valve.onWatermark(0, 30);
        assertThat(out).containsExactly("wm10", "wm12");
        valve.onWatermark(2, 15); // back, and now the slowest
        valve.onWatermark(1, 40);
        assertThat(out).containsExactly("wm10", "wm12", "wm15");
        valve.onStatus(0, true);
        valve.onStatus(1, true);
        valve.onStatus(2, true);
        assertThat(out).endsWith("idle");
        valve.onWatermark(1, 50);
        assertThat(out).endsWith("active", "wm50");
    }

    @Test
    void endedChannelsCountAsTheMaximum() throws Exception {
        valve.onWatermark(0, 10);
        valve.onEnd(1);
        valve.onEnd(2);
        assertThat(out).containsExactly("wm10");
        valve.onEnd(0);
        assertThat(out).containsExactly("wm10", "wm" + Long.MAX_VALUE);
    }
}
