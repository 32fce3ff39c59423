package io.spate.coordinator.jobmaster;

import io.spate.coordinator.resourcemanager.AllocatedSlot;
import io.spate.coordinator.resourcemanager.NotEnoughSlotsException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Hands out a fixed list of slots, all-or-nothing like the resource manager; records releases and
 * takes released slots back.
 */
final class TestingSlotProvider implements SlotProvider {

    final List<AllocatedSlot> free = new ArrayList<>();
    final List<String> released = new ArrayList<>();

    /** The executor ids of every probe, in order. */
    final List<java.util.Set<String>> probed = new ArrayList<>();

    /** Slots handed out and not released yet; a release puts them back in {@link #free}. */
    final List<AllocatedSlot> allocated = new ArrayList<>();

    int requests;

    /** When set, the next allocation answers this (still pending) future instead. */
    CompletableFuture<List<AllocatedSlot>> pending;

    @Override
    public CompletableFuture<List<AllocatedSlot>> allocate(String jobId, int count) {
        requests++;
        if (pending != null) {
            CompletableFuture<List<AllocatedSlot>> answer = pending;
            pending = null;
            return answer;
        }
        if (count > free.size()) {
            return CompletableFuture.failedFuture(
                    new NotEnoughSlotsException(jobId, count, free.size()));
        }
        List<AllocatedSlot> taken = new ArrayList<>(free.subList(0, count));
        free.subList(0, count).clear();
        allocated.addAll(taken);
        return CompletableFuture.completedFuture(taken);
    }

    @Override
    public void probe(java.util.Set<String> executorIds) {
        probed.add(executorIds);
    }

    @Override
    public void release(String jobId) {
        released.add(jobId);
        free.addAll(allocated);
        allocated.clear();
    }
}
