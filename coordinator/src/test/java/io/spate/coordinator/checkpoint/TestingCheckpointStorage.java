package io.spate.coordinator.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Checkpoint storage in memory: records what was stored and discarded; {@link #failNext} makes the
 * next store fail, {@link #holdStores} keeps stores pending until {@link #releaseStores}.
 */
public final class TestingCheckpointStorage implements CheckpointStorage {

    public final List<CompletedCheckpoint> stored = new ArrayList<>();
    public final List<Long> discarded = new ArrayList<>();
    public final List<String> discardedJobs = new ArrayList<>();
    private final List<CompletableFuture<Void>> held = new ArrayList<>();
    private boolean failNext;
    private boolean failAll;
    private boolean hold;

    @Override
    public CompletableFuture<Void> store(CompletedCheckpoint checkpoint) {
        if (failNext || failAll) {
            failNext = false;
            return CompletableFuture.failedFuture(new java.io.IOException("disk full"));
        }
        stored.add(checkpoint);
        if (hold) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            held.add(f);
            return f;
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void discard(String jobId, long id) {
        discarded.add(id);
    }

    @Override
    public void discardJob(String jobId) {
        discardedJobs.add(jobId);
    }

    public void failNext() {
        failNext = true;
    }

    /** Every store fails (a full disk) until {@link #healed}. */
    public void failAll() {
        failAll = true;
    }

    public void healed() {
        failAll = false;
    }

    public void holdStores() {
        hold = true;
    }

    public void releaseStores() {
        hold = false;
        List<CompletableFuture<Void>> all = new ArrayList<>(held);
        held.clear();
        all.forEach(f -> f.complete(null));
    }
}
