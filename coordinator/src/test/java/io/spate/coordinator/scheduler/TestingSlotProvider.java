package io.spate.coordinator.scheduler;

import io.spate.coordinator.resourcemanager.AllocatedSlot;
import io.spate.coordinator.resourcemanager.NotEnoughSlotsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Hands out a fixed list of slots, all-or-nothing like the resource manager; records releases and
 * takes released slots back.
 */
public final class TestingSlotProvider implements SlotProvider {

    public final List<AllocatedSlot> free = new ArrayList<>();
    public final List<String> released = new ArrayList<>();

    /** The executor ids of every probe, in order. */
    public final List<Set<String>> probed = new ArrayList<>();

    /** Slots handed out and not released yet; a release puts them back in {@link #free}. */
    public final List<AllocatedSlot> allocated = new ArrayList<>();

    public int requests;

    /** When set, the next allocation answers this (still pending) future instead. */
    public CompletableFuture<List<AllocatedSlot>> pending;

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
    public void probe(Set<String> executorIds) {
        probed.add(executorIds);
    }

    @Override
    public void release(String jobId) {
        released.add(jobId);
        free.addAll(allocated);
        allocated.clear();
    }
}
