package io.spate.executor.network.event;

/**
 * The channel is idle (sends nothing for a while: consumers stop waiting for its watermark) or
 * active again (Flink: WatermarkStatus).
 */
public enum WatermarkStatus implements RuntimeEvent {
    IDLE,
    ACTIVE
}
