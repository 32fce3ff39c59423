package io.spate.executor.task;

import java.util.concurrent.CompletableFuture;

/**
 * The default action of a task's mailbox loop: one bounded batch of work per call (Agrona's {@code
 * Agent.doWork}): read input records into the chain, or let the source emit a batch.
 */
interface InputProcessor {

    enum Status {
        /** Did work; there may be more. */
        MORE,
        /**
         * Nothing to do now: wait for {@link #availableFuture()} or until {@link #resumeAtNanos()}.
         */
        NOTHING_AVAILABLE,
        /** No more input ever. */
        END
    }

    Status processBatch() throws Exception;

    /** After NOTHING_AVAILABLE: completes when input may be there; null if nothing to watch. */
    default CompletableFuture<?> availableFuture() {
        return null;
    }

    /** After NOTHING_AVAILABLE: when to try again regardless ({@code Long.MAX_VALUE} = never). */
    default long resumeAtNanos() {
        return Long.MAX_VALUE;
    }
}
