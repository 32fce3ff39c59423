package io.spate.executor.network.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.spate.executor.network.buffer.Buffer;
import io.spate.executor.network.buffer.NetworkBuffer;
import io.spate.executor.network.gate.RemoteInputChannel;
import io.spate.rpc.HostAndPort;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consumer side of one connection: routes BufferResponses to their {@link RemoteInputChannel}
 * and sends its credit (Flink: CreditBasedPartitionRequestClientHandler). Frame handling runs on
 * the connection's event loop; channels register from task threads.
 *
 * <p>Each payload is copied once, from Netty's receive buffer into a segment the channel granted
 * credit for. A buffer without credit, a sequence gap or a malformed frame closes the connection;
 * losing the connection fails every channel on it with "connection to host:port lost: ...".
 */
final class CreditBasedClientHandler extends SimpleChannelInboundHandler<NettyMessage.Message> {
    private static final System.Logger LOG =
            System.getLogger(CreditBasedClientHandler.class.getName());

    private final HostAndPort remote;
    private final ConcurrentHashMap<Long, RemoteInputChannel> channels = new ConcurrentHashMap<>();
    private IOException connectionFailure; // guarded by this
    private ChannelHandlerContext ctx;

    CreditBasedClientHandler(HostAndPort remote) {
        this.remote = remote;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Registers a channel; fails it at once if the connection is already gone. */
    void addChannel(RemoteInputChannel channel) {
        IOException failure;
        synchronized (this) {
            failure = connectionFailure;
            if (failure == null) {
                channels.put(channel.receiverId(), channel);
            }
        }
        if (failure != null) {
            channel.onError(failure);
        }
    }

    void removeChannel(RemoteInputChannel channel) {
        channels.remove(channel.receiverId(), channel);
    }

    int channelCount() {
        return channels.size();
    }

    /** Sends the channel's unannounced credit. Event loop only. */
    void writeCredit(RemoteInputChannel channel) {
        assert ctx.executor().inEventLoop();
        int credit = channel.getAndResetUnannouncedCredit();
        if (credit > 0 && ctx.channel().isActive()) {
            ctx.writeAndFlush(
                    new NettyMessage.AddCredit(channel.receiverId(), credit).encode(ctx.alloc()),
                    ctx.voidPromise());
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, NettyMessage.Message msg)
            throws Exception {
        switch (msg) {
            case NettyMessage.BufferResponse r -> onBuffer(r);
            case NettyMessage.ErrorResponse e -> {
                if (e.receiverId() == NettyMessage.CONNECTION_WIDE) {
                    throw new IOException("producer reported: " + e.message());
                }
                RemoteInputChannel channel = channels.remove(e.receiverId());
                if (channel != null) {
                    channel.onError(
                            new IOException(
                                    "producer "
                                            + remote
                                            + " failed "
                                            + channel
                                            + ": "
                                            + e.message()));
                }
            }
            default ->
                    throw new DataProtocolException(
                            "a producer sent "
                                    + msg.getClass().getSimpleName()
                                    + ", which only consumers send");
        }
    }

    private void onBuffer(NettyMessage.BufferResponse response) throws IOException {
        ByteBuf payload = response.payload();
        try {
            RemoteInputChannel channel = channels.get(response.receiverId());
            if (channel == null || channel.isReleased()) {
                return; // cancelled meanwhile: drop (its CancelPartitionRequest is on the way)
            }
            NetworkBuffer target = channel.requestReceiveBuffer();
            if (target == null) {
                throw new DataProtocolException(
                        "producer sent a buffer without credit for " + channel);
            }
            if (payload.readableBytes() > target.capacity()) {
                target.release();
                throw new DataProtocolException(
                        "buffer of " + payload.readableBytes() + " bytes exceeds the buffer size");
            }
            target.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
            channel.onBuffer(
                    new Buffer(target, response.isEvent()),
                    response.sequenceNumber(),
                    response.backlog());
        } finally {
            payload.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        failAll(new IOException("connection to " + remote + " lost: closed by the peer"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(
                System.Logger.Level.ERROR,
                "closing data connection to {0}: {1}",
                remote,
                String.valueOf(cause));
        failAll(new IOException("connection to " + remote + " lost: " + cause.getMessage(), cause));
        ctx.close();
    }

    private void failAll(IOException cause) {
        List<RemoteInputChannel> failed;
        synchronized (this) {
            if (connectionFailure != null) {
                return;
            }
            connectionFailure = cause;
            failed = new ArrayList<>(channels.values());
            channels.clear();
        }
        for (RemoteInputChannel channel : failed) {
            channel.onError(cause);
        }
    }
}
