package io.spate.executor.network.event;

/** No record with an event time at or below {@code timestamp} follows on this channel. */
public record Watermark(long timestamp) implements RuntimeEvent {}
