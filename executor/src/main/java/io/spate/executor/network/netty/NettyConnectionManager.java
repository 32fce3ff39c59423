package io.spate.executor.network.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.spate.executor.network.gate.ConnectionManager;
import io.spate.executor.network.gate.PartitionRequestClient;
import io.spate.rpc.HostAndPort;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One TCP connection per producer executor, shared by all remote channels to it (Flink:
 * PartitionRequestClientFactory). Connecting happens on the calling task thread's first request to
 * an address; a lost connection is forgotten so the next request reconnects.
 */
public final class NettyConnectionManager implements ConnectionManager, AutoCloseable {
    private static final long CONNECT_TIMEOUT_MILLIS = 10_000;

    private final Bootstrap bootstrap;
    private final int maxFrameLength;
    private final ConcurrentHashMap<HostAndPort, CompletableFuture<NettyPartitionRequestClient>>
            clients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public NettyConnectionManager(EventLoopGroup group, int bufferSize) {
        this.maxFrameLength = NettyMessage.maxFrameLength(bufferSize);
        this.bootstrap =
                new Bootstrap()
                        .group(group)
                        .channel(NettyTransport.of(group).socketChannel())
                        .option(ChannelOption.TCP_NODELAY, true)
                        .option(ChannelOption.SO_KEEPALIVE, true)
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT_MILLIS);
    }

    @Override
    public PartitionRequestClient client(HostAndPort producer) throws IOException {
        for (int attempt = 0; ; attempt++) {
            if (closed) {
                throw new IOException("network environment is closed");
            }
            CompletableFuture<NettyPartitionRequestClient> future =
                    clients.computeIfAbsent(producer, this::connect);
            NettyPartitionRequestClient client;
            try {
                client = future.get(CONNECT_TIMEOUT_MILLIS + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while connecting to " + producer);
            } catch (ExecutionException | TimeoutException e) {
                clients.remove(producer, future);
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new IOException("cannot connect to " + producer + ": " + cause, cause);
            }
            if (client.isActive() || attempt > 0) {
                return client;
            }
            clients.remove(producer, future); // died since: reconnect once
        }
    }

    private CompletableFuture<NettyPartitionRequestClient> connect(HostAndPort producer) {
        CompletableFuture<NettyPartitionRequestClient> result = new CompletableFuture<>();
        CreditBasedClientHandler handler = new CreditBasedClientHandler(producer);
        Bootstrap b =
                bootstrap
                        .clone()
                        .handler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        ch.pipeline()
                                                .addLast(
                                                        "decoder",
                                                        new NettyMessage.Decoder(maxFrameLength))
                                                .addLast("handler", handler);
                                    }
                                });
        b.connect(producer.host(), producer.port())
                .addListener(
                        f -> {
                            if (f.isSuccess()) {
                                Channel channel = ((io.netty.channel.ChannelFuture) f).channel();
                                NettyPartitionRequestClient client =
                                        new NettyPartitionRequestClient(producer, channel, handler);
                                channel.closeFuture()
                                        .addListener(c -> clients.remove(producer, result));
                                result.complete(client);
                            } else {
                                result.completeExceptionally(f.cause());
                            }
                        });
        return result;
    }

    /** Open connections (tests). */
    public int connectionCount() {
        int n = 0;
        for (CompletableFuture<NettyPartitionRequestClient> f : clients.values()) {
            if (f.isDone() && !f.isCompletedExceptionally() && f.join().isActive()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        closed = true;
        List<CompletableFuture<NettyPartitionRequestClient>> all =
                new ArrayList<>(clients.values());
        clients.clear();
        for (CompletableFuture<NettyPartitionRequestClient> f : all) {
            if (f.isDone() && !f.isCompletedExceptionally()) {
                f.join().close();
            } else {
                f.thenAccept(c -> c.channel().close()); // may run on the event loop: must not wait
            }
        }
    }
}
