package io.spate.executor.network.event;

/** An in-band event: travels through a channel in order with its records. */
public sealed interface RuntimeEvent
        permits EndOfPartition, CheckpointBarrier, Watermark, WatermarkStatus {}
