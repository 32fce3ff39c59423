package io.spate.executor.checkpoint;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Writes state files off the task threads (Flink: the async part of a snapshot), on virtual threads
 * shared by every task of the executor: a task copies its state to bytes on its own thread, hands
 * them over here and goes back to its records while the file is written and forced.
 */
public final class CheckpointWriter {

    private static final Executor WRITERS =
            Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("checkpoint-writer-", 0).factory());

    private CheckpointWriter() {}

    /** Writes the snapshot under its handle; completes with the file's size and the write time. */
    public static CompletableFuture<Written> write(
            TaskStateFiles storage, String handle, byte[] bytes) {
        return CompletableFuture.supplyAsync(
                () -> {
                    long start = System.nanoTime();
                    try {
                        storage.write(handle, bytes);
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                    return new Written(handle, bytes.length, System.nanoTime() - start);
                },
                WRITERS);
    }

    /** A state file on disk: its handle, size in bytes and how long writing it took. */
    public record Written(String handle, long size, long asyncNanos) {}
}
