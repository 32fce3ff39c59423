package io.spate.coordinator.rpc.gateway;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.nio.NioEventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.spate.rpc.HostAndPort;
import io.spate.tls.GrpcClientTls;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Opens {@link ExecutorGateway}s over grpc-netty. Executors at the same address share one channel
 * (HTTP/2 multiplexes their calls; a simulator may host many executors behind one server), counted
 * by reference and shut down when the last gateway using it is closed.
 */
public final class GrpcExecutorGateways implements ExecutorGatewayFactory, AutoCloseable {

    private final ClientInterceptor authToken;
    private final GrpcClientTls tls;
    private final Map<HostAndPort, SharedChannel> channels = new HashMap<>();

    public GrpcExecutorGateways(ClientInterceptor authToken, GrpcClientTls tls) {
        this.authToken = authToken;
        this.tls = tls;
    }

    @Override
    public synchronized ExecutorGateway connect(HostAndPort address) {
        SharedChannel shared = channels.computeIfAbsent(address, this::open);
        shared.users++;
        return new GrpcExecutorGateway(shared.channel, authToken, () -> release(address, shared));
    }

    /** Channels currently open (one per distinct executor address in use). */
    public synchronized int openChannels() {
        return channels.size();
    }

    private SharedChannel open(HostAndPort address) {
        // TLS verifies that the executor's certificate names the host it advertised.
        NettyChannelBuilder builder =
                tls.configure(NettyChannelBuilder.forAddress(address.host(), address.port()))
                        // Replies only complete a future whose callback hops to the verticle: no
                        // need for
                        // grpc's default executor between the transport thread and that hop.
                        .directExecutor();
        // Opened from a Vert.x event loop (the resource manager's): do the channel's IO on that
        // same
        // loop, so a heartbeat is written and its reply handled without waking another thread.
        if (Vertx.currentContext() instanceof ContextInternal context
                && context.nettyEventLoop() instanceof NioEventLoop loop) {
            builder.eventLoopGroup(loop)
                    .channelType(NioSocketChannel.class, InetSocketAddress.class);
        }
        return new SharedChannel(builder.build());
    }

    private synchronized void release(HostAndPort address, SharedChannel shared) {
        if (--shared.users == 0 && channels.remove(address, shared)) {
            shared.channel.shutdownNow();
        }
    }

    @Override
    public synchronized void close() {
        channels.values().forEach(c -> c.channel.shutdownNow());
        for (SharedChannel c : channels.values()) {
            try {
                c.channel.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        channels.clear();
    }

    private static final class SharedChannel {
        final ManagedChannel channel;
        int users;

        SharedChannel(ManagedChannel channel) {
            this.channel = channel;
        }
    }
}
