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
import io.netty.handler.ssl.SslContext;
import io.spate.executor.network.NetworkLimits;
import io.spate.executor.network.PeerSecurity;
import io.spate.executor.network.partition.ResultPartitionManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor's one data server: consumers connect here and request subpartitions. Pipeline per
 * connection: [TLS] → {@link ConnectionGuard} → frame decoder → {@link
 * PartitionRequestServerHandler} → {@link PartitionRequestQueue}.
 *
 * <p>Connections over {@link NetworkLimits#maxConnections} in total or {@link
 * NetworkLimits#maxConnectionsPerPeer} from one IP address are closed as they are accepted.
 */
public final class NettyServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NettyServer.class.getName());

    private final EventLoopGroup group;
    private final ResultPartitionManager partitions;
    private final int maxFrameLength;
    private final WriteBufferWaterMark waterMark;
    private final ChannelGroup connections;
    private final NetworkLimits limits;
    private final PeerSecurity security;
    private final AtomicInteger pendingRequests = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perPeer = new ConcurrentHashMap<>();
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
                                        if (!admit(ch)) {
                                            ch.close();
                                            return;
                                        }
                                        connections.add(ch);
                                        PartitionRequestQueue queue =
                                                new PartitionRequestQueue(
                                                        partitions, limits, pendingRequests);
                                        NettyMessage.Decoder decoder =
                                                new NettyMessage.Decoder(maxFrameLength);
                                        if (security.serverTls().isPresent()) {
                                            SslContext tls = security.serverTls().get();
                                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                                        }
                                        ch.pipeline()
                                                .addLast(
                                                        "guard",
                                                        new ConnectionGuard(
                                                                decoder,
                                                                limits.frameTimeout(),
                                                                limits.writeTimeout()))
                                                .addLast("decoder", decoder)
                                                .addLast(
                                                        "handler",
                                                        new PartitionRequestServerHandler(
                                                                queue,
                                                                security.token()
                                                                        .map(PeerAuthenticator::new)
                                                                        .orElse(null),
                                                                limits.handshakeTimeout()))
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

    /** Counts {@code ch} against the connection limits; false (and logged) when over one. */
    private boolean admit(SocketChannel ch) {
        InetAddress peer = ch.remoteAddress().getAddress();
        if (accepted.incrementAndGet() > limits.maxConnections()) {
            accepted.decrementAndGet();
            refuse(ch, limits.maxConnections() + " connections (spate.network.max-connections)");
            return false;
        }
        if (perPeer.merge(peer, 1, Integer::sum) > limits.maxConnectionsPerPeer()) {
            release(peer);
            accepted.decrementAndGet();
            refuse(
                    ch,
                    limits.maxConnectionsPerPeer()
                            + " connections from "
                            + peer.getHostAddress()
                            + " (spate.network.max-connections-per-peer)");
            return false;
        }
        ch.closeFuture()
                .addListener(
                        f -> {
                            accepted.decrementAndGet();
                            release(peer);
                        });
        return true;
    }

    private void release(InetAddress peer) {
        perPeer.computeIfPresent(peer, (p, n) -> n == 1 ? null : n - 1);
    }

    private static void refuse(SocketChannel ch, String limit) {
        LOG.log(
                System.Logger.Level.WARNING,
                "refusing data connection from {0}: already {1}",
                ch.remoteAddress(),
                limit);
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
