package io.spate.executor.network.netty;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * Dispatches the frames a consumer sends to a producer executor (Flink:
 * PartitionRequestServerHandler). Runs on the connection's event loop. Any protocol violation or
 * malformed frame closes this connection only, after logging it with the peer's address and sending
 * a connection-wide ErrorResponse.
 */
final class PartitionRequestServerHandler
        extends SimpleChannelInboundHandler<NettyMessage.Message> {
    private static final System.Logger LOG =
            System.getLogger(PartitionRequestServerHandler.class.getName());

    private final PartitionRequestQueue queue;
    private boolean failed;

    PartitionRequestServerHandler(PartitionRequestQueue queue) {
        this.queue = queue;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, NettyMessage.Message msg)
            throws Exception {
        switch (msg) {
            case NettyMessage.PartitionRequest r -> queue.addRequest(r);
            case NettyMessage.AddCredit c -> queue.addCredit(c.receiverId(), c.credit());
            case NettyMessage.CancelPartitionRequest c -> queue.cancel(c.receiverId());
            case NettyMessage.CloseRequest c -> ctx.close();
            case NettyMessage.BufferResponse b -> {
                b.payload().release();
                throw new DataProtocolException("a consumer sent a BufferResponse");
            }
            case NettyMessage.ErrorResponse e -> {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "consumer {0} reported: {1}",
                        ctx.channel().remoteAddress(),
                        e.message());
                ctx.close();
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failed) {
            return; // already closing: the bytes after the first bad frame are noise
        }
        failed = true;
        LOG.log(
                System.Logger.Level.ERROR,
                "closing data connection from {0}: {1}",
                ctx.channel().remoteAddress(),
                String.valueOf(cause));
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(
                            new NettyMessage.ErrorResponse(
                                            NettyMessage.CONNECTION_WIDE, String.valueOf(cause))
                                    .encode(ctx.alloc()))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }
}
