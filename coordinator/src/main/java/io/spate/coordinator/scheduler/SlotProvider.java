package io.spate.coordinator.scheduler;

import io.spate.coordinator.resourcemanager.AllocatedSlot;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Where a job's {@link SlotAllocator} gets its slots (the resource manager in the app, a fake in
 * tests). Futures may complete on any thread; the allocator hops back onto the job master's.
 */
public interface SlotProvider {

    /**
     * All-or-nothing: {@code count} slots for {@code jobId}; fails with {@code
     * NotEnoughSlotsException} when fewer are free.
     */
    CompletableFuture<List<AllocatedSlot>> allocate(String jobId, int count);

    /** Frees every slot of {@code jobId} (idempotent). */
    void release(String jobId);

    /**
     * A job failed in a way that may mean one of these executors died (e.g. a connection to it
     * broke): check them now rather than at their next heartbeat, so a restart is not handed the
     * slots of a dead executor. Fire and forget.
     */
    default void probe(Set<String> executorIds) {}
}
