package io.spate.executor.network.netty;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.ScheduledFuture;
import io.spate.config.Durations;
import io.spate.logging.RateLimitedLog;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Dispatches the frames a consumer sends to a producer executor (Flink:
 * PartitionRequestServerHandler). Runs on the connection's event loop. Any protocol violation or
 * malformed frame closes this connection only, after logging it with the peer's address and sending
 * a connection-wide ErrorResponse.
 *
 * <p>A connection is <em>established</em> once its first valid frame arrived or, with a token, once
 * the client's AuthResponse proved the token; before that only the AuthResponse is accepted, and a
 * connection not established within the handshake timeout is closed.
 */
final class PartitionRequestServerHandler
        extends SimpleChannelInboundHandler<NettyMessage.Message> {
    private static final RateLimitedLog LOG =
            RateLimitedLog.warnings(PartitionRequestServerHandler.class);

    private final PartitionRequestQueue queue;
    private final PeerAuthenticator authenticator; // null: no token
    private final Duration handshakeTimeout;
    private byte[] serverNonce;
    private boolean established;
    private ScheduledFuture<?> handshakeTimer;
    private boolean failed;

    PartitionRequestServerHandler(
            PartitionRequestQueue queue,
            PeerAuthenticator authenticator,
            Duration handshakeTimeout) {
        this.queue = queue;
        this.authenticator = authenticator;
        this.handshakeTimeout = handshakeTimeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (authenticator != null) {
            serverNonce = PeerAuthenticator.nonce();
            ctx.writeAndFlush(
                    new NettyMessage.AuthChallenge(serverNonce).encode(ctx.alloc()),
                    ctx.voidPromise());
        }
        handshakeTimer =
                ctx.executor()
                        .schedule(
                                () -> {
                                    if (!established) {
                                        exceptionCaught(
                                                ctx,
                                                new DataProtocolException(
                                                        (authenticator != null
                                                                        ? "not authenticated"
                                                                        : "no valid frame")
                                                                + " within "
                                                                + Durations.format(handshakeTimeout)
                                                                + " (spate.network.handshake-timeout)"));
                                    }
                                },
                                handshakeTimeout.toNanos(),
                                TimeUnit.NANOSECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, NettyMessage.Message msg)
            throws Exception {
        if (failed) {
            release(msg);
            return; // closing: what follows the first bad frame is noise
        }
        if (!established) {
            establish(ctx, msg);
            if (authenticator != null) {
                return; // the AuthResponse itself is done
            }
        }
        switch (msg) {
            case NettyMessage.PartitionRequest r -> queue.addRequest(r);
            case NettyMessage.AddCredit c -> queue.addCredit(c.receiverId(), c.credit());
            case NettyMessage.CancelPartitionRequest c -> queue.cancel(c.receiverId());
            case NettyMessage.CloseRequest c -> ctx.close();
            case NettyMessage.ErrorResponse e -> {
                LOG.log(
                        "consumer errors",
                        "consumer " + ctx.channel().remoteAddress() + " reported: " + e.message());
                ctx.close();
            }
            case NettyMessage.BufferResponse b -> {
                b.payload().release();
                throw new DataProtocolException("a consumer sent a BufferResponse");
            }
            case NettyMessage.AuthChallenge m -> throw onlyServerSends(m);
            case NettyMessage.AuthConfirm m -> throw onlyServerSends(m);
            case NettyMessage.AuthResponse m ->
                    throw new DataProtocolException(
                            authenticator == null
                                    ? "AuthResponse, but this executor has no spate.auth.token"
                                    : "a second AuthResponse");
        }
    }

    /** The first frame: with a token it must be a valid AuthResponse. */
    private void establish(ChannelHandlerContext ctx, NettyMessage.Message msg)
            throws DataProtocolException {
        if (authenticator != null) {
            if (!(msg instanceof NettyMessage.AuthResponse response)) {
                release(msg);
                throw new DataProtocolException(
                        "not authenticated: expected AuthResponse, got "
                                + msg.getClass().getSimpleName()
                                + " (is spate.auth.token set on the consumer?)");
            }
            byte[] expected = authenticator.clientMac(serverNonce, response.clientNonce());
            if (!PeerAuthenticator.matches(expected, response.mac())) {
                throw new DataProtocolException(
                        "authentication failed: wrong MAC (spate.auth.token differs)");
            }
            ctx.writeAndFlush(
                    new NettyMessage.AuthConfirm(
                                    authenticator.serverMac(serverNonce, response.clientNonce()))
                            .encode(ctx.alloc()),
                    ctx.voidPromise());
        }
        established = true;
        handshakeTimer.cancel(false);
    }

    private static DataProtocolException onlyServerSends(NettyMessage.Message m) {
        return new DataProtocolException(
                "a consumer sent " + m.getClass().getSimpleName() + ", which only producers send");
    }

    private static void release(NettyMessage.Message msg) {
        if (msg instanceof NettyMessage.BufferResponse b) {
            b.payload().release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failed) {
            return; // already closing: the bytes after the first bad frame are noise
        }
        failed = true;
        String why = describe(cause);
        LOG.log(
                "closed data connections",
                "closing data connection from " + ctx.channel().remoteAddress() + ": " + why);
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(
                            new NettyMessage.ErrorResponse(NettyMessage.CONNECTION_WIDE, why)
                                    .encode(ctx.alloc()))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    /**
     * The reason a peer is told: the frame decoder's own message without Netty's wrapper, a TLS
     * failure as the handshake saw it.
     */
    static String describe(Throwable cause) {
        Throwable c = cause;
        while ((c instanceof DecoderException) && c.getCause() != null) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null ? c.getClass().getSimpleName() : m;
    }
}
