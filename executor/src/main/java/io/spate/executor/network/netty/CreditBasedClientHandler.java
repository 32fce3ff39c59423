package io.spate.executor.network.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.spate.config.Durations;
import io.spate.executor.network.buffer.Buffer;
import io.spate.executor.network.buffer.NetworkBuffer;
import io.spate.executor.network.gate.RemoteInputChannel;
import io.spate.rpc.HostAndPort;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The consumer side of one connection: routes BufferResponses to their {@link RemoteInputChannel}
 * and sends its credit (Flink: CreditBasedPartitionRequestClientHandler). Frame handling runs on
 * the connection's event loop; channels register from task threads.
 *
 * <p>Each payload is copied once, from Netty's receive buffer into a segment the channel granted
 * credit for. A buffer without credit, a sequence gap or a malformed frame closes the connection;
 * losing the connection fails every channel on it with "connection to host:port lost: ...".
 *
 * <p>With a token the connection is {@link #ready} only after the producer's AuthChallenge was
 * answered and its AuthConfirm proved the producer knows the token too; until then any other frame
 * closes it, and so does the handshake timeout. Without a token it is ready once connected.
 */
final class CreditBasedClientHandler extends SimpleChannelInboundHandler<NettyMessage.Message> {
    private static final System.Logger LOG =
            System.getLogger(CreditBasedClientHandler.class.getName());

    private final HostAndPort remote;
    private final PeerAuthenticator authenticator; // null: no token
    private final Duration handshakeTimeout;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final ConcurrentHashMap<Long, RemoteInputChannel> channels = new ConcurrentHashMap<>();
    private IOException connectionFailure; // guarded by this
    private ChannelHandlerContext ctx;
    private byte[] serverNonce;
    private byte[] clientNonce;
    private ScheduledFuture<?> handshakeTimer;

    CreditBasedClientHandler(
            HostAndPort remote, PeerAuthenticator authenticator, Duration handshakeTimeout) {
        this.remote = remote;
        this.authenticator = authenticator;
        this.handshakeTimeout = handshakeTimeout;
    }

    /** Completes when requests may be sent: connected and, with a token, authenticated. */
    CompletableFuture<Void> ready() {
        return ready;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (authenticator == null) {
            ready.complete(null);
        } else {
            handshakeTimer =
                    ctx.executor()
                            .schedule(
                                    () -> {
                                        if (!ready.isDone()) {
                                            exceptionCaught(
                                                    ctx,
                                                    new DataProtocolException(
                                                            "producer did not authenticate within "
                                                                    + Durations.format(
                                                                            handshakeTimeout)
                                                                    + " (spate.network.handshake-timeout;"
                                                                    + " is spate.auth.token set on it?)"));
                                        }
                                    },
                                    handshakeTimeout.toNanos(),
                                    TimeUnit.NANOSECONDS);
        }
        super.channelActive(ctx);
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
        if (authenticator != null && !ready.isDone()) {
            handshake(ctx, msg);
            return;
        }
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
            case NettyMessage.AuthChallenge c ->
                    throw new DataProtocolException(
                            "producer asks for the token handshake: spate.auth.token is set there"
                                    + " but not here");
            default ->
                    throw new DataProtocolException(
                            "a producer sent "
                                    + msg.getClass().getSimpleName()
                                    + ", which only consumers send");
        }
    }

    private void handshake(ChannelHandlerContext ctx, NettyMessage.Message msg) throws IOException {
        switch (msg) {
            case NettyMessage.AuthChallenge c when serverNonce == null -> {
                serverNonce = c.serverNonce();
                clientNonce = PeerAuthenticator.nonce();
                ctx.writeAndFlush(
                        new NettyMessage.AuthResponse(
                                        authenticator.clientMac(serverNonce, clientNonce),
                                        clientNonce)
                                .encode(ctx.alloc()),
                        ctx.voidPromise());
            }
            case NettyMessage.AuthConfirm c when serverNonce != null -> {
                byte[] expected = authenticator.serverMac(serverNonce, clientNonce);
                if (!PeerAuthenticator.matches(expected, c.mac())) {
                    throw new DataProtocolException(
                            "producer failed authentication: wrong MAC (spate.auth.token differs)");
                }
                handshakeTimer.cancel(false);
                ready.complete(null);
            }
            case NettyMessage.ErrorResponse e ->
                    throw new IOException("producer refused the connection: " + e.message());
            default -> {
                if (msg instanceof NettyMessage.BufferResponse b) {
                    b.payload().release();
                }
                throw new DataProtocolException(
                        "producer sent "
                                + msg.getClass().getSimpleName()
                                + " before authenticating (is spate.auth.token set on it?)");
            }
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
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
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
            ready.completeExceptionally(cause);
            failed = new ArrayList<>(channels.values());
            channels.clear();
        }
        for (RemoteInputChannel channel : failed) {
            channel.onError(cause);
        }
    }
}
