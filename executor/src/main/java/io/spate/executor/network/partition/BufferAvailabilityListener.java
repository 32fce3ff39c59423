package io.spate.executor.network.partition;

/**
 * Told when a subpartition view turns from "nothing to poll" to "something to poll" (data, an
 * event, or a failure). Called on the producer's task thread or the flusher thread: must not block.
 */
@FunctionalInterface
public interface BufferAvailabilityListener {
    void notifyDataAvailable(ResultSubpartitionView view);
}
