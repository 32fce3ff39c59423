package io.spate.executor.network.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.spate.executor.network.NetworkLimits;
import io.spate.executor.network.PeerSecurity;
import io.spate.executor.network.partition.ResultPartitionManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor's one data server: consumers connect here and request subpartitions. Pipeline per
 * connection: {@link ConnectionGuard} (connection caps, shared) → [TLS] → idle timer → frame
 * decoder (frame length and frame timeout) → {@link PartitionRequestServerHandler} (handshake,
 * dispatch) → {@link PartitionRequestQueue} (readers, pending requests, credit).
 *
 * <p>Every bound is one of {@link NetworkLimits}; going over it closes that connection only.
 */
public final class NettyServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final ResultPartitionManager partitions;
    private final WriteBufferWaterMark waterMark;
    private final ChannelGroup connections;
    private final NetworkLimits limits;
    private final PeerSecurity security;
    private final ConnectionGuard guard;
    private final PeerAuthenticator authenticator; // null: no token
    private final AtomicInteger pendingRequests = new AtomicInteger();
    private Channel serverChannel;

    public NettyServer(
            EventLoopGroup group,
            ResultPartitionManager partitions,
            int bufferSize,
            NetworkLimits limits,
            PeerSecurity security) {
        this.group = group;
        this.partitions = partitions;
        this.limits = limits;
        this.security = security;
        this.waterMark = new WriteBufferWaterMark(4 * bufferSize, 16 * bufferSize);
        this.connections = new DefaultChannelGroup("spate-data-connections", group.next());
        this.guard = new ConnectionGuard(limits.maxConnections(), limits.maxConnectionsPerPeer());
        this.authenticator = security.token().map(PeerAuthenticator::new).orElse(null);
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
                                        ChannelPipeline p = ch.pipeline();
                                        p.addLast("guard", guard);
                                        security.serverTls()
                                                .ifPresent(
                                                        tls ->
                                                                p.addLast(
                                                                        "tls",
                                                                        tls.newHandler(
                                                                                ch.alloc())));
                                        long idle = limits.idleTimeout().toNanos();
                                        p.addLast(
                                                "idle",
                                                new IdleStateHandler(
                                                        0, 0, idle, TimeUnit.NANOSECONDS));
                                        p.addLast(
                                                "decoder",
                                                new NettyMessage.Decoder(
                                                        NettyMessage.MAX_CONSUMER_FRAME_LENGTH,
                                                        limits.frameTimeout()));
                                        PartitionRequestQueue queue =
                                                new PartitionRequestQueue(
                                                        partitions, limits, pendingRequests);
                                        p.addLast(
                                                "handler",
                                                new PartitionRequestServerHandler(
                                                        queue,
                                                        authenticator,
                                                        limits.handshakeTimeout()));
                                        p.addLast("queue", queue);
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

    /** Requests of all connections still waiting for their partition (tests, metrics). */
    public int pendingRequests() {
        return pendingRequests.get();
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
