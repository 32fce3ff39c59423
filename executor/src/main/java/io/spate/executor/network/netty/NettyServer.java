package io.spate.executor.network.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.spate.executor.network.partition.ResultPartitionManager;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The executor's one data server: consumers connect here and request subpartitions. Pipeline per
 * connection: frame decoder → {@link PartitionRequestServerHandler} → {@link
 * PartitionRequestQueue}.
 */
public final class NettyServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final ResultPartitionManager partitions;
    private final int maxFrameLength;
    private final WriteBufferWaterMark waterMark;
    private final ChannelGroup connections;
    private Channel serverChannel;

    public NettyServer(EventLoopGroup group, ResultPartitionManager partitions, int bufferSize) {
        this.group = group;
        this.partitions = partitions;
        this.maxFrameLength = NettyMessage.maxFrameLength(bufferSize);
        this.waterMark = new WriteBufferWaterMark(4 * bufferSize, 16 * bufferSize);
        this.connections = new DefaultChannelGroup("spate-data-connections", group.next());
    }

    /** Binds and returns the port (the real one when {@code port} is 0). */
    public int bind(String host, int port) throws IOException {
        ServerBootstrap bootstrap =
                new ServerBootstrap()
                        .group(group)
                        .channel(NettyTransport.of(group).serverChannel())
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childOption(ChannelOption.SO_KEEPALIVE, true)
                        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                        .childHandler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        connections.add(ch);
                                        PartitionRequestQueue queue =
                                                new PartitionRequestQueue(partitions);
                                        ch.pipeline()
                                                .addLast(
                                                        "decoder",
                                                        new NettyMessage.Decoder(maxFrameLength))
                                                .addLast(
                                                        "handler",
                                                        new PartitionRequestServerHandler(queue))
                                                .addLast("queue", queue);
                                    }
                                });
        try {
            serverChannel = bootstrap.bind(host, port).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(
                    "interrupted while binding the data server to " + host + ":" + port);
        } catch (Exception e) {
            throw new IOException(
                    "cannot bind the data server to " + host + ":" + port + ": " + e, e);
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Open consumer connections (tests). */
    public int connectionCount() {
        return connections.size();
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        connections.close().awaitUninterruptibly();
    }
}
