package io.spate.coordinator.resourcemanager;

/** A copy of one executor's state for readers off the resource manager's thread. */
public record ExecutorView(
        String id,
        String grpcAddress,
        String dataHost,
        int dataPort,
        int slots,
        int freeSlots,
        long millisSinceLastHeartbeat,
        long lastRttMicros) {}
