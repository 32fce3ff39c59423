package io.spate.executor.network.gate;

import io.spate.executor.network.buffer.Buffer;
import io.spate.executor.network.buffer.LocalBufferPool;
import io.spate.executor.network.event.EventSerializer;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A consumer subtask's input: one channel per producer subpartition (Flink: SingleInputGate).
 *
 * <p>Read by one task thread with the non-blocking {@link #pollNext}; when it returns null the task
 * waits on {@link #getAvailableFuture} (completed, on the notifying thread, as soon as any channel
 * has data, failed, or the gate is finished) — no spinning, and never on a Netty thread. Channels
 * enter a FIFO queue when they turn non-empty and are re-queued after each buffer while they still
 * have data, so channels are served round-robin.
 *
 * <p>The gate ends when every channel delivered EndOfPartition. {@link #close} releases every
 * channel and its buffers.
 */
public final class InputGate implements AutoCloseable {
    private static final CompletableFuture<Void> AVAILABLE =
            CompletableFuture.completedFuture(null);

    private final String name;
    private InputChannel[] channels = new InputChannel[0];
    private final LocalBufferPool exclusivePool;
    private final LocalBufferPool floatingPool;
    private final ArrayDeque<InputChannel> channelsWithData = new ArrayDeque<>();
    private CompletableFuture<Void> availability = new CompletableFuture<>();
    private boolean[] channelFinished;
    private int finishedChannels;
    private volatile boolean closed;

    InputGate(String name, LocalBufferPool exclusivePool, LocalBufferPool floatingPool) {
        this.name = name;
        this.exclusivePool = exclusivePool;
        this.floatingPool = floatingPool;
    }

    void setChannels(List<InputChannel> list) {
        channels = list.toArray(new InputChannel[0]);
        channelFinished = new boolean[channels.length];
    }

    public String name() {
        return name;
    }

    public int numberOfChannels() {
        return channels.length;
    }

    public InputChannel channel(int index) {
        return channels[index];
    }

    void requestPartitions() throws IOException {
        for (InputChannel c : channels) {
            c.requestPartition();
        }
    }

    /**
     * The next buffer or event, or null if none is ready. Task thread only.
     *
     * @throws IOException if a channel failed (e.g. its connection was lost)
     */
    public BufferOrEvent pollNext() throws IOException {
        while (true) {
            InputChannel channel;
            synchronized (channelsWithData) {
                channel = channelsWithData.poll();
                if (channel == null) {
                    return null;
                }
                channel.queuedInGate = false;
            }
            BufferAndAvailability next = channel.pollBuffer();
            if (next == null) {
                continue;
            }
            if (next.moreAvailable()) {
                notifyChannelNonEmpty(channel);
            }
            Buffer buffer = next.buffer();
            if (buffer.isEvent() && EventSerializer.isEndOfPartition(buffer.data())) {
                int index = channel.channelIndex();
                if (!channelFinished[index]) {
                    channelFinished[index] = true;
                    finishedChannels++;
                }
            }
            return new BufferOrEvent(buffer, channel.channelIndex());
        }
    }

    /**
     * Completed when {@link #pollNext} may return something (or the gate is finished or closed).
     * Wait on it with {@code join()}; callbacks attached to it run on a producer or Netty thread
     * and must be trivial.
     */
    public CompletableFuture<?> getAvailableFuture() {
        synchronized (channelsWithData) {
            if (!channelsWithData.isEmpty() || isFinished() || closed) {
                return AVAILABLE;
            }
            if (availability.isDone()) {
                availability = new CompletableFuture<>();
            }
            return availability;
        }
    }

    /** True when every channel has delivered EndOfPartition. Task thread. */
    public boolean isFinished() {
        return finishedChannels == channels.length;
    }

    /** Stops delivering channel {@code index} (and its credit) until {@link #resumeChannel}. */
    public void blockChannel(int index) {
        channels[index].block();
    }

    public void resumeChannel(int index) {
        channels[index].resume();
    }

    /** Called by a channel when it turns non-empty or fails; any thread, never blocks long. */
    void notifyChannelNonEmpty(InputChannel channel) {
        CompletableFuture<Void> toComplete = null;
        synchronized (channelsWithData) {
            if (channel.queuedInGate) {
                return;
            }
            channel.queuedInGate = true;
            channelsWithData.add(channel);
            if (!availability.isDone()) {
                toComplete = availability;
            }
        }
        if (toComplete != null) {
            toComplete.complete(null);
        }
    }

    /** Releases every channel and buffer; wakes a waiting task. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (InputChannel c : channels) {
            c.release();
        }
        exclusivePool.destroy();
        floatingPool.destroy();
        CompletableFuture<Void> f;
        synchronized (channelsWithData) {
            channelsWithData.clear();
            f = availability;
        }
        f.complete(null);
    }

    @Override
    public String toString() {
        return "InputGate{" + name + ", channels=" + channels.length + "}";
    }
}
