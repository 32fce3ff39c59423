package io.spate.executor.task;

/**
 * The watermark of a task's input (Flink: StatusWatermarkValve): the minimum over its active
 * channels, where a channel that said it is idle is left out until it sends a watermark or says it
 * is active again, and an ended channel counts as the maximum. Emits only rises; when every channel
 * is idle, the task's output goes idle too. Task thread only.
 *
 * <pre>
 *   channel 0  ──wm 17──┐
 *   channel 1  ──wm 12──┼── min over active = 12 ──▶ head operator, then downstream
 *   channel 2  ──IDLE───┘   (left out until it sends again)
 * </pre>
 */
final class WatermarkValve {

    /** What the valve tells the task. */
    interface Listener {
        void onWatermark(long watermark) throws Exception;

        void onIdle(boolean idle) throws Exception;
    }

    private final long[] watermarks;
    private final boolean[] idle;
    private final Listener listener;
    private long emitted = Long.MIN_VALUE;
    private boolean allIdle;

    WatermarkValve(int channels, Listener listener) {
        this.watermarks = new long[channels];
        this.idle = new boolean[channels];
        java.util.Arrays.fill(watermarks, Long.MIN_VALUE);
        this.listener = listener;
    }

    void onWatermark(int channel, long watermark) throws Exception {
        idle[channel] = false;
        if (watermark > watermarks[channel]) {
            watermarks[channel] = watermark;
        }
        update();
    }

    void onStatus(int channel, boolean idle) throws Exception {
        this.idle[channel] = idle;
        update();
    }

    /** The channel ended: nothing it sends can hold event time back any more. */
    void onEnd(int channel) throws Exception {
        idle[channel] = false;
        watermarks[channel] = Long.MAX_VALUE;
        update();
    }

    /** The last watermark emitted (Long.MIN_VALUE before the first). */
    long watermark() {
        return emitted;
    }

    private void update() throws Exception {
        long min = Long.MAX_VALUE;
        boolean anyActive = false;
        for (int c = 0; c < watermarks.length; c++) {
            if (!idle[c]) {
                anyActive = true;
                min = Math.min(min, watermarks[c]);
            }
        }
        if (!anyActive) {
            if (!allIdle) {
                allIdle = true;
                listener.onIdle(true);
            }
            return;
        }
        if (allIdle) {
            allIdle = false;
            listener.onIdle(false);
        }
        if (min > emitted) {
            emitted = min;
            listener.onWatermark(min);
        }
    }
}
