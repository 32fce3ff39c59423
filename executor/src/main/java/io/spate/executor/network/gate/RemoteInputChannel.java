package io.spate.executor.network.gate;

import io.spate.executor.network.buffer.Buffer;
import io.spate.executor.network.buffer.BufferListener;
import io.spate.executor.network.buffer.BufferRecycler;
import io.spate.executor.network.buffer.LocalBufferPool;
import io.spate.executor.network.buffer.NetworkBuffer;
import io.spate.executor.network.partition.ResultPartitionId;
import io.spate.rpc.HostAndPort;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel from a producer in another executor, fed by the Netty connection to it (Flink:
 * RemoteInputChannel with its BufferManager).
 *
 * <p>Credit: the channel owns {@code exclusive} segments for its whole life and borrows floating
 * segments from its gate when the producer's backlog says data is waiting. Every free segment it
 * holds is one credit: the initial credit goes with the PartitionRequest, later credit (a segment
 * recycled after the task read it, or a floating one obtained) is announced with AddCredit. The
 * producer sends only against credit, so every arriving buffer has a segment to be copied into and
 * the received queue can never exceed the segments the channel holds. A blocked channel neither
 * delivers nor announces credit, so its producer soon stops.
 *
 * <p>Threads: the connection's event loop calls {@link #requestReceiveBuffer}, {@link #onBuffer},
 * {@link #onError}, {@link #getAndResetUnannouncedCredit}; the task thread polls, blocks, resumes
 * and releases; recycling happens on whichever thread releases a buffer. One monitor guards the
 * state; pools are called outside it or never call back under their own lock.
 */
public final class RemoteInputChannel extends InputChannel implements BufferListener {
    private final long receiverId;
    private final HostAndPort producer;
    private final ConnectionManager connections;
    private final LocalBufferPool exclusivePool;
    private final LocalBufferPool floatingPool;
    private final int numExclusive;
    private final BufferRecycler exclusiveRecycler = this::recycleExclusive;

    private final Object lock = new Object();
    private final ArrayDeque<Buffer> received = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> exclusiveSegments = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> floatingSegments = new ArrayDeque<>();
    private int unannouncedCredit;
    private int expectedSequence;
    private int lastBacklog;
    private boolean waitingForFloating;
    private boolean blocked;
    private boolean released;
    private IOException failure;
    private volatile PartitionRequestClient client;

    RemoteInputChannel(
            InputGate gate,
            int channelIndex,
            ResultPartitionId partitionId,
            int subpartitionIndex,
            long receiverId,
            HostAndPort producer,
            ConnectionManager connections,
            LocalBufferPool exclusivePool,
            LocalBufferPool floatingPool,
            int numExclusive) {
        super(gate, channelIndex, partitionId, subpartitionIndex);
        this.receiverId = receiverId;
        this.producer = producer;
        this.connections = connections;
        this.exclusivePool = exclusivePool;
        this.floatingPool = floatingPool;
        this.numExclusive = numExclusive;
    }

    public long receiverId() {
        return receiverId;
    }

    public HostAndPort producer() {
        return producer;
    }

    @Override
    void requestPartition() throws IOException {
        synchronized (lock) {
            for (int i = 0; i < numExclusive; i++) {
                ByteBuffer segment = exclusivePool.requestSegment();
                if (segment == null) {
                    throw new IllegalStateException(
                            "exclusive buffers of " + this + " were not reserved");
                }
                exclusiveSegments.add(segment);
            }
        }
        PartitionRequestClient c = connections.client(producer);
        client = c;
        c.requestSubpartition(this, numExclusive);
    }

    // --- connection thread -------------------------------------------------------------------

    /** A buffer to copy the next arriving payload into, or null if the producer overran credit. */
    public NetworkBuffer requestReceiveBuffer() {
        synchronized (lock) {
            ByteBuffer segment = floatingSegments.poll();
            if (segment != null) {
                return new NetworkBuffer(segment, floatingPool);
            }
            segment = exclusiveSegments.poll();
            return segment == null ? null : new NetworkBuffer(segment, exclusiveRecycler);
        }
    }

    public boolean isReleased() {
        synchronized (lock) {
            return released;
        }
    }

    /**
     * Queues a received buffer.
     *
     * @throws IOException on a sequence gap (the connection is then closed by the caller)
     */
    public void onBuffer(Buffer buffer, int sequenceNumber, int backlog) throws IOException {
        boolean notifyGate;
        synchronized (lock) {
            if (released) {
                buffer.release();
                return;
            }
            if (sequenceNumber != expectedSequence) {
                buffer.release();
                throw new IOException(
                        "sequence gap on "
                                + this
                                + " from "
                                + producer
                                + ": expected buffer "
                                + expectedSequence
                                + ", got "
                                + sequenceNumber);
            }
            expectedSequence++;
            notifyGate = received.isEmpty() && !blocked;
            received.add(buffer);
            lastBacklog = backlog;
        }
        if (backlog > 0) {
            requestFloatingBuffers();
        }
        if (notifyGate) {
            gate.notifyChannelNonEmpty(this);
        }
    }

    /** The connection failed or the producer reported an error for this channel. */
    public void onError(IOException cause) {
        synchronized (lock) {
            if (released || failure != null) {
                return;
            }
            failure = cause;
        }
        gate.notifyChannelNonEmpty(this);
    }

    /** Credit to announce now (0 while blocked); resets it. */
    public int getAndResetUnannouncedCredit() {
        synchronized (lock) {
            if (blocked || released) {
                return 0;
            }
            int credit = unannouncedCredit;
            unannouncedCredit = 0;
            return credit;
        }
    }

    // --- credit --------------------------------------------------------------------------------

    private void requestFloatingBuffers() {
        boolean announce = false;
        synchronized (lock) {
            if (released || blocked || waitingForFloating) {
                return;
            }
            int required = lastBacklog + numExclusive;
            while (exclusiveSegments.size() + floatingSegments.size() < required) {
                ByteBuffer segment = floatingPool.requestSegment();
                if (segment == null) {
                    if (floatingPool.addListener(this)) {
                        waitingForFloating = true;
                        break;
                    }
                    segment = floatingPool.requestSegment(); // one was recycled meanwhile
                    if (segment == null) {
                        break; // pool destroyed
                    }
                }
                floatingSegments.add(segment);
                announce |= addCreditUnsafe();
            }
        }
        if (announce) {
            notifyCredit();
        }
    }

    @Override
    public boolean notifyBufferAvailable(ByteBuffer segment) {
        boolean announce;
        synchronized (lock) {
            waitingForFloating = false;
            if (released
                    || blocked
                    || exclusiveSegments.size() + floatingSegments.size()
                            >= lastBacklog + numExclusive) {
                return false;
            }
            floatingSegments.add(segment);
            announce = addCreditUnsafe();
        }
        if (announce) {
            notifyCredit();
        }
        requestFloatingBuffers(); // the backlog may need more
        return true;
    }

    private void recycleExclusive(ByteBuffer segment) {
        boolean announce;
        synchronized (lock) {
            if (released) {
                announce = false;
            } else {
                exclusiveSegments.add(segment);
                announce = addCreditUnsafe();
                segment = null;
            }
        }
        if (segment != null) {
            exclusivePool.recycle(segment);
        }
        if (announce) {
            notifyCredit();
        }
    }

    /** Adds one credit; true if the connection must be told (credit went from 0 to 1). */
    private boolean addCreditUnsafe() {
        unannouncedCredit++;
        return unannouncedCredit == 1 && !blocked;
    }

    private void notifyCredit() {
        PartitionRequestClient c = client;
        if (c != null) {
            c.notifyCreditAvailable(this);
        }
    }

    // --- task thread ---------------------------------------------------------------------------

    @Override
    BufferAndAvailability pollBuffer() throws IOException {
        synchronized (lock) {
            if (failure != null) {
                throw failure;
            }
            if (blocked) {
                return null;
            }
            Buffer buffer = received.poll();
            return buffer == null ? null : new BufferAndAvailability(buffer, !received.isEmpty());
        }
    }

    @Override
    void block() {
        synchronized (lock) {
            blocked = true;
        }
    }

    @Override
    void resume() {
        boolean announce;
        boolean notifyGate;
        synchronized (lock) {
            blocked = false;
            announce = unannouncedCredit > 0;
            notifyGate = !received.isEmpty() || failure != null;
        }
        if (announce) {
            notifyCredit();
        }
        requestFloatingBuffers();
        if (notifyGate) {
            gate.notifyChannelNonEmpty(this);
        }
    }

    /** Buffers received and not yet taken by the task (tests, metrics). */
    public int queuedBuffers() {
        synchronized (lock) {
            return received.size();
        }
    }

    @Override
    void release() {
        List<Buffer> toRelease;
        List<ByteBuffer> exclusive;
        List<ByteBuffer> floating;
        synchronized (lock) {
            if (released) {
                return;
            }
            released = true;
            toRelease = new ArrayList<>(received);
            received.clear();
            exclusive = new ArrayList<>(exclusiveSegments);
            exclusiveSegments.clear();
            floating = new ArrayList<>(floatingSegments);
            floatingSegments.clear();
        }
        floatingPool.removeListener(this);
        PartitionRequestClient c = client;
        if (c != null) {
            c.cancelRequest(this);
        }
        toRelease.forEach(Buffer::release);
        exclusive.forEach(exclusivePool::recycle);
        floating.forEach(floatingPool::recycle);
    }

    @Override
    public String toString() {
        return "RemoteInputChannel{"
                + partitionId
                + "#"
                + subpartitionIndex
                + " from "
                + producer
                + "}";
    }
}
