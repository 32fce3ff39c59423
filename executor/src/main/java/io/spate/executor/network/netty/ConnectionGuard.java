package io.spate.executor.network.netty;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a data connection whose peer stalls it: a frame that stays incomplete longer than the
 * frame timeout (a peer trickling or withholding bytes), or an outbound side that stays unwritable
 * longer than the write timeout (a peer that stops reading). Sits just before the frame decoder
 * and asks it whether it holds part of a frame. Event loop only.
 *
 * <p>Closing fails the buffers still queued for writing, which releases them; the partition
 * request queue's {@code channelInactive} releases its subpartition views.
 */
final class ConnectionGuard extends ChannelDuplexHandler {
    private static final System.Logger LOG = System.getLogger(ConnectionGuard.class.getName());

    private final NettyMessage.Decoder decoder;
    private final long frameTimeoutNanos;
    private final long writeTimeoutNanos;
    private ScheduledFuture<?> frameTimer;
    private ScheduledFuture<?> writeTimer;

    ConnectionGuard(NettyMessage.Decoder decoder, Duration frameTimeout, Duration writeTimeout) {
        this.decoder = decoder;
        this.frameTimeoutNanos = frameTimeout.toNanos();
        this.writeTimeoutNanos = writeTimeout.toNanos();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        ctx.fireChannelRead(msg); // the decoder consumes it synchronously
        if (decoder.insideFrame()) {
            if (frameTimer == null) {
                frameTimer =
                        ctx.executor()
                                .schedule(
                                        () ->
                                                stall(
                                                        ctx,
                                                        "a frame stayed incomplete for "
                                                                + Duration.ofNanos(
                                                                        frameTimeoutNanos)
                                                                + " (spate.network.frame-timeout)"),
                                        frameTimeoutNanos,
                                        TimeUnit.NANOSECONDS);
            }
        } else if (frameTimer != null) {
            frameTimer.cancel(false);
            frameTimer = null;
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            if (writeTimer != null) {
                writeTimer.cancel(false);
                writeTimer = null;
            }
        } else if (writeTimer == null) {
            writeTimer =
                    ctx.executor()
                            .schedule(
                                    () ->
                                            stall(
                                                    ctx,
                                                    "the peer read nothing for "
                                                            + Duration.ofNanos(writeTimeoutNanos)
                                                            + " (spate.network.write-timeout)"),
                                    writeTimeoutNanos,
                                    TimeUnit.NANOSECONDS);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimers();
        super.channelInactive(ctx);
    }

    private void stall(ChannelHandlerContext ctx, String why) {
        frameTimer = null;
        writeTimer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        LOG.log(
                System.Logger.Level.WARNING,
                "closing data connection with {0}: {1}",
                ctx.channel().remoteAddress(),
                why);
        // No ErrorResponse: the peer is not reading, or not finishing what it writes.
        ctx.close();
    }

    private void cancelTimers() {
        if (frameTimer != null) {
            frameTimer.cancel(false);
            frameTimer = null;
        }
        if (writeTimer != null) {
            writeTimer.cancel(false);
            writeTimer = null;
        }
    }
}
