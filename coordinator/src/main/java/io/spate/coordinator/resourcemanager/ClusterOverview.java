package io.spate.coordinator.resourcemanager;

/** Counts for {@code GET /overview}. */
public record ClusterOverview(int executors, int slotsTotal, int slotsFree) {}
