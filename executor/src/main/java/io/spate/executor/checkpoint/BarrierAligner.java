package io.spate.executor.checkpoint;

import io.spate.executor.network.event.CheckpointBarrier;

/**
 * Aligns checkpoint barriers over all input channels of a task (Flink:
 * SingleCheckpointBarrierHandler with aligned checkpoints). Task thread only: it is fed the
 * barriers and EndOfPartitions the task reads and blocks/resumes channels through {@link Channels}.
 *
 * <ul>
 *   <li>The first barrier n starts aligning n. A channel that delivered it is blocked (its buffers
 *       wait in the channel, its credit stops) so that nothing after the barrier is processed
 *       before the snapshot; the other channels keep being read.
 *   <li>When every channel that has not ended delivered barrier n — an EndOfPartition counts as the
 *       barrier of its channel, also while aligning — {@link Listener#aligned} snapshots and
 *       forwards n, then every blocked channel is resumed.
 *   <li>A newer barrier m aborts the alignment of n (resume all, {@link Listener#aborted}) and
 *       starts aligning m. A barrier at or below the newest seen is ignored.
 * </ul>
 *
 * A task with a single open channel therefore aligns at once without blocking anything.
 */
public final class BarrierAligner {

    /** Blocks and resumes channels by their flat index over all gates. */
    public interface Channels {
        void block(int channel);

        void resume(int channel);
    }

    /** Hears alignment outcomes, on the task thread. */
    public interface Listener {
        /**
         * Barrier n arrived on every open channel; {@code alignmentNanos} first to last barrier.
         */
        void aligned(CheckpointBarrier barrier, long alignmentNanos) throws Exception;

        /** The alignment of {@code checkpointId} was given up for a newer barrier. */
        void aborted(long checkpointId, String reason);
    }

    private final Channels channels;
    private final Listener listener;
    private final boolean[] ended;
    private final boolean[] arrived;
    private final boolean[] blocked;
    private CheckpointBarrier current; // null when not aligning
    private long newestSeen;
    private long alignmentStartNanos;

    /**
     * @param lastCheckpointId barriers up to this id are ignored (e.g. the restored checkpoint)
     */
    public BarrierAligner(
            int numberOfChannels, long lastCheckpointId, Channels channels, Listener listener) {
        this.channels = channels;
        this.listener = listener;
        this.ended = new boolean[numberOfChannels];
        this.arrived = new boolean[numberOfChannels];
        this.blocked = new boolean[numberOfChannels];
        this.newestSeen = lastCheckpointId;
    }

    /** Barrier {@code barrier} was read from {@code channel}. */
    public void onBarrier(int channel, CheckpointBarrier barrier, long nowNanos) throws Exception {
        long id = barrier.id();
        if (current != null && id == current.id()) {
            arrive(channel, nowNanos);
            return;
        }
        if (id <= newestSeen) {
            return; // older than (or a duplicate of) one already aligned or aborted
        }
        if (current != null) {
            long old = current.id();
            resumeAll();
            listener.aborted(
                    old, "barrier " + id + " arrived before barrier " + old + " was aligned");
        }
        newestSeen = id;
        current = barrier;
        alignmentStartNanos = nowNanos;
        arrive(channel, nowNanos);
    }

    /**
     * {@code channel} delivered EndOfPartition: it counts as that channel's barrier from now on.
     */
    public void onEndOfPartition(int channel, long nowNanos) throws Exception {
        if (ended[channel]) {
            return;
        }
        ended[channel] = true;
        if (current != null && !arrived[channel]) {
            completeIfAligned(nowNanos);
        }
    }

    /** The checkpoint being aligned, or -1. */
    public long aligning() {
        return current == null ? -1 : current.id();
    }

    public boolean isBlocked(int channel) {
        return blocked[channel];
    }

    private void arrive(int channel, long nowNanos) throws Exception {
        if (arrived[channel]) {
            return;
        }
        arrived[channel] = true;
        if (!completeIfAligned(nowNanos)) {
            blocked[channel] = true;
            channels.block(channel);
        }
    }

    private boolean completeIfAligned(long nowNanos) throws Exception {
        for (int c = 0; c < ended.length; c++) {
            if (!ended[c] && !arrived[c]) {
                return false;
            }
        }
        CheckpointBarrier done = current;
        long alignment = nowNanos - alignmentStartNanos;
        try {
            listener.aligned(done, alignment);
        } finally {
            resumeAll();
        }
        return true;
    }

    private void resumeAll() {
        current = null;
        for (int c = 0; c < arrived.length; c++) {
            arrived[c] = false;
            if (blocked[c]) {
                blocked[c] = false;
                channels.resume(c);
            }
        }
    }
}
