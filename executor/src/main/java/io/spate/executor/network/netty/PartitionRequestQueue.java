package io.spate.executor.network.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import io.spate.config.Durations;
import io.spate.executor.network.NetworkLimits;
import io.spate.executor.network.buffer.Buffer;
import io.spate.executor.network.partition.BufferAndBacklog;
import io.spate.executor.network.partition.ResultPartitionManager;
import io.spate.executor.network.partition.ResultSubpartitionView;
import io.spate.logging.RateLimitedLog;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The producer side of one connection: the subpartitions its consumer requested and the order in
 * which they get to send (Flink: PartitionRequestQueue).
 *
 * <p>Owned by the connection's event loop: every field is touched there only; producers reach it
 * through {@link #notifyReaderNonEmpty}, which hops onto the loop. A reader is queued only while it
 * has both credit and data, and sends one buffer per turn, so a consumer that stops granting credit
 * simply drops out of the queue and never holds up the other channels of the connection.
 *
 * <p>A request for a partition not registered yet is <em>pending</em>: it waits at most {@link
 * NetworkLimits#partitionRequestTimeout}, then its receiver gets an ErrorResponse naming the
 * partition and the request is forgotten. Pending requests are capped per executor, through the
 * counter the server shares; a request over the cap is a protocol violation: the connection gets an
 * ErrorResponse and is closed. Readers of registered partitions need no cap: a subpartition takes
 * one reader, a second request for it is answered with an error.
 */
final class PartitionRequestQueue extends ChannelInboundHandlerAdapter {
    private static final RateLimitedLog LOG = RateLimitedLog.warnings(PartitionRequestQueue.class);

    private final ResultPartitionManager partitions;
    private final NetworkLimits limits;
    private final AtomicInteger pendingOfAllConnections;
    private final Map<Long, ViewReader> readers = new HashMap<>();
    private final Set<ViewReader> pending = new HashSet<>();
    private final ArrayDeque<ViewReader> available = new ArrayDeque<>();
    private ChannelHandlerContext ctx;

    PartitionRequestQueue(
            ResultPartitionManager partitions,
            NetworkLimits limits,
            AtomicInteger pendingOfAllConnections) {
        this.partitions = partitions;
        this.limits = limits;
        this.pendingOfAllConnections = pendingOfAllConnections;
    }

    /** One requested subpartition and the credit its consumer granted. */
    private final class ViewReader {
        final long receiverId;
        final AtomicBoolean notificationPending = new AtomicBoolean();
        ResultSubpartitionView view;
        int credit;
        int sequenceNumber;
        boolean queued;
        boolean released;
        ScheduledFuture<?> timeout; // while pending

        ViewReader(long receiverId, int credit) {
            this.receiverId = receiverId;
            this.credit = credit;
        }

        void release() {
            released = true;
            if (view != null) {
                view.release();
            }
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    void addRequest(NettyMessage.PartitionRequest request) throws DataProtocolException {
        assert ctx.executor().inEventLoop();
        long id = request.receiverId();
        if (id == NettyMessage.CONNECTION_WIDE || readers.containsKey(id)) {
            throw new DataProtocolException(
                    "PartitionRequest with duplicate or invalid receiver " + id);
        }
        if (request.initialCredit() < 0) {
            throw new DataProtocolException(
                    "PartitionRequest for receiver "
                            + id
                            + " with negative credit "
                            + request.initialCredit());
        }
        prunePending();
        ViewReader reader = new ViewReader(id, request.initialCredit());
        reader.view =
                partitions.createView(
                        request.partitionId(),
                        request.subpartitionIndex(),
                        v -> notifyReaderNonEmpty(reader));
        if (!reader.view.isBound()) {
            if (pendingOfAllConnections.incrementAndGet() > limits.maxPendingRequests()) {
                pendingOfAllConnections.decrementAndGet();
                reader.release();
                throw new DataProtocolException(
                        "more than "
                                + limits.maxPendingRequests()
                                + " requests wait for partitions that do not exist yet"
                                + " (spate.network.max-pending-requests)");
            }
            pending.add(reader);
            reader.timeout =
                    ctx.executor()
                            .schedule(
                                    () -> expire(reader),
                                    limits.partitionRequestTimeout().toNanos(),
                                    TimeUnit.NANOSECONDS);
        }
        readers.put(id, reader);
        enqueueIfAvailable(reader);
        writeAndFlush();
    }

    /** Requests still waiting for their partition (tests). */
    int pendingRequests() {
        prunePending();
        return pending.size();
    }

    /** Forgets the pending state of requests whose partition has appeared meanwhile. */
    private void prunePending() {
        for (Iterator<ViewReader> it = pending.iterator(); it.hasNext(); ) {
            ViewReader reader = it.next();
            if (reader.view.isBound()) {
                it.remove();
                stopWaiting(reader);
            }
        }
    }

    private void leavePending(ViewReader reader) {
        if (pending.remove(reader)) {
            stopWaiting(reader);
        }
    }

    private void stopWaiting(ViewReader reader) {
        pendingOfAllConnections.decrementAndGet();
        reader.timeout.cancel(false);
    }

    /** The partition-request timeout of one receiver: answer it, forget it. */
    private void expire(ViewReader reader) {
        if (!pending.contains(reader) || reader.view.isBound()) {
            leavePending(reader);
            return;
        }
        leavePending(reader);
        readers.remove(reader.receiverId);
        reader.release();
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(
                    new NettyMessage.ErrorResponse(
                                    reader.receiverId,
                                    "partition "
                                            + reader.view.partitionId()
                                            + " was not found within "
                                            + Durations.format(limits.partitionRequestTimeout())
                                            + " (spate.network.partition-request-timeout)")
                            .encode(ctx.alloc()),
                    ctx.voidPromise());
        }
    }

    void addCredit(long receiverId, int credit) throws DataProtocolException {
        assert ctx.executor().inEventLoop();
        ViewReader reader = readers.get(receiverId);
        if (reader == null) {
            throw new DataProtocolException("AddCredit for unknown receiver " + receiverId);
        }
        if (credit <= 0 || reader.credit + credit < 0) {
            throw new DataProtocolException(
                    "AddCredit of " + credit + " for receiver " + receiverId + " is out of range");
        }
        reader.credit += credit;
        enqueueIfAvailable(reader);
        writeAndFlush();
    }

    void cancel(long receiverId) {
        assert ctx.executor().inEventLoop();
        ViewReader reader = readers.remove(receiverId);
        if (reader != null) {
            leavePending(reader);
            reader.release();
            available.remove(reader);
        }
    }

    /** Called by producers (any thread) when a reader's subpartition turned available. */
    private void notifyReaderNonEmpty(ViewReader reader) {
        if (reader.notificationPending.compareAndSet(false, true)) {
            ctx.executor()
                    .execute(
                            () -> {
                                reader.notificationPending.set(false);
                                enqueueIfAvailable(reader);
                                writeAndFlush();
                            });
        }
    }

    private void enqueueIfAvailable(ViewReader reader) {
        if (!reader.queued
                && !reader.released
                && reader.credit > 0
                && reader.view != null
                && reader.view.isAvailable()) {
            reader.queued = true;
            available.add(reader);
        }
    }

    private void writeAndFlush() {
        Channel channel = ctx.channel();
        boolean wrote = false;
        while (channel.isActive() && channel.isWritable()) {
            ViewReader reader = available.poll();
            if (reader == null) {
                break;
            }
            reader.queued = false;
            if (reader.released) {
                continue;
            }
            BufferAndBacklog next;
            try {
                next = reader.view.poll();
            } catch (IOException e) {
                // This receiver's request cannot be served (e.g. no such subpartition): tell it,
                // keep the
                // connection.
                readers.remove(reader.receiverId);
                leavePending(reader);
                reader.release();
                ctx.write(
                        new NettyMessage.ErrorResponse(reader.receiverId, e.getMessage())
                                .encode(ctx.alloc()),
                        ctx.voidPromise());
                wrote = true;
                continue;
            }
            if (next == null) {
                continue;
            }
            Buffer buffer = next.buffer();
            reader.credit--;
            NettyMessage.BufferResponse response =
                    new NettyMessage.BufferResponse(
                            reader.receiverId,
                            reader.sequenceNumber++,
                            next.backlog(),
                            buffer.isEvent(),
                            buffer.data());
            ctx.write(response.encode(ctx.alloc()), ctx.voidPromise());
            ctx.write(buffer.data(), ctx.voidPromise());
            wrote = true;
            if (reader.view.isConsumed()) {
                // EndOfPartition is out. The reader stays registered (released) so late AddCredit
                // for
                // it is not mistaken for a protocol violation; CancelPartitionRequest removes it.
                reader.release();
            } else if (next.moreAvailable() && reader.credit > 0) {
                reader.queued = true;
                available.add(reader);
            }
        }
        if (wrote) {
            ctx.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            writeAndFlush();
        }
        super.channelWritabilityChanged(ctx);
    }

    /**
     * The idle timeout: a connection that has sent nothing and been sent nothing that long is
     * closed if it has no readers left. One with readers stays, however long its consumer's
     * backpressure keeps it quiet.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent && readers.isEmpty()) {
            LOG.log(
                    "idle connections",
                    "closing data connection from "
                            + ctx.channel().remoteAddress()
                            + ": idle for "
                            + Durations.format(limits.idleTimeout())
                            + " without a partition request (spate.network.idle-timeout)");
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseAll();
        super.channelInactive(ctx);
    }

    private void releaseAll() {
        for (ViewReader reader : new ArrayList<>(pending)) {
            leavePending(reader);
        }
        for (ViewReader reader : new ArrayList<>(readers.values())) {
            reader.release();
        }
        readers.clear();
        available.clear();
    }
}
