package io.spate.executor.network.event;

/** Separates the records before checkpoint {@code id} from those after it. */
public record CheckpointBarrier(long id, long timestamp) implements RuntimeEvent {}
