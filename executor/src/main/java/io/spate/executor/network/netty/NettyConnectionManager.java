package io.spate.executor.network.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.spate.executor.network.PeerSecurity;
import io.spate.executor.network.gate.ConnectionManager;
import io.spate.executor.network.gate.PartitionRequestClient;
import io.spate.rpc.HostAndPort;
import io.spate.tls.NettySslContexts;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One TCP connection per producer executor, shared by all remote channels to it (Flink:
 * PartitionRequestClientFactory). Connecting happens on the calling task thread's first request to
 * an address and includes the TLS and token handshakes ({@link PeerSecurity}); a lost connection is
 * forgotten so the next request reconnects.
 */
public final class NettyConnectionManager implements ConnectionManager, AutoCloseable {
    private static final long CONNECT_TIMEOUT_MILLIS = 10_000;

    private final Bootstrap bootstrap;
    private final int maxFrameLength;
    private final PeerSecurity security;
    private final PeerAuthenticator authenticator; // null: no token
    private final Duration handshakeTimeout;
    private final ConcurrentHashMap<HostAndPort, CompletableFuture<NettyPartitionRequestClient>>
            clients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public NettyConnectionManager(
            EventLoopGroup group,
            int maxFrameLength,
            PeerSecurity security,
            Duration handshakeTimeout) {
        this.maxFrameLength = maxFrameLength;
        this.security = security;
        this.authenticator = security.token().map(PeerAuthenticator::new).orElse(null);
        this.handshakeTimeout = handshakeTimeout;
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
        long waitMillis = CONNECT_TIMEOUT_MILLIS + handshakeTimeout.toMillis() + 1000;
        for (int attempt = 0; ; attempt++) {
            if (closed) {
                throw new IOException("network environment is closed");
            }
            CompletableFuture<NettyPartitionRequestClient> future =
                    clients.computeIfAbsent(producer, this::connect);
            NettyPartitionRequestClient client;
            try {
                client = future.get(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while connecting to " + producer);
            } catch (ExecutionException | TimeoutException e) {
                clients.remove(producer, future);
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new IOException(
                        "cannot connect to "
                                + producer
                                + " ("
                                + security.describe()
                                + "): "
                                + PartitionRequestServerHandler.describe(cause),
                        cause);
            }
            if (client.isActive() || attempt > 0) {
                return client;
            }
            clients.remove(producer, future); // died since: reconnect once
        }
    }

    /**
     * Connects, and completes once requests may be sent: after the TLS handshake and the token
     * handshake, whichever are on.
     */
    private CompletableFuture<NettyPartitionRequestClient> connect(HostAndPort producer) {
        CompletableFuture<NettyPartitionRequestClient> result = new CompletableFuture<>();
        CreditBasedClientHandler handler =
                new CreditBasedClientHandler(producer, authenticator, handshakeTimeout);
        Bootstrap b =
                bootstrap
                        .clone()
                        .handler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        security.clientTls()
                                                .ifPresent(
                                                        tls ->
                                                                ch.pipeline()
                                                                        .addLast(
                                                                                "tls",
                                                                                NettySslContexts
                                                                                        .clientHandler(
                                                                                                tls,
                                                                                                ch
                                                                                                        .alloc(),
                                                                                                producer
                                                                                                        .host(),
                                                                                                producer
                                                                                                        .port())));
                                        ch.pipeline()
                                                .addLast(
                                                        "decoder",
                                                        new NettyMessage.Decoder(maxFrameLength))
                                                .addLast("handler", handler);
                                    }
                                });
        b.connect(producer.host(), producer.port())
                .addListener(
                        (ChannelFuture f) -> {
                            if (!f.isSuccess()) {
                                result.completeExceptionally(f.cause());
                                return;
                            }
                            Channel channel = f.channel();
                            channel.closeFuture()
                                    .addListener(c -> clients.remove(producer, result));
                            SslHandler tls = channel.pipeline().get(SslHandler.class);
                            CompletableFuture<Void> tlsDone = new CompletableFuture<>();
                            if (tls == null) {
                                tlsDone.complete(null);
                            } else {
                                tls.handshakeFuture()
                                        .addListener(
                                                h -> {
                                                    if (h.isSuccess()) {
                                                        tlsDone.complete(null);
                                                    } else {
                                                        tlsDone.completeExceptionally(h.cause());
                                                    }
                                                });
                            }
                            tlsDone.thenCompose(v -> handler.ready())
                                    .whenComplete(
                                            (v, e) -> {
                                                if (e == null) {
                                                    result.complete(
                                                            new NettyPartitionRequestClient(
                                                                    producer, channel, handler));
                                                } else {
                                                    channel.close();
                                                    result.completeExceptionally(
                                                            e instanceof CompletionException
                                                                            && e.getCause() != null
                                                                    ? e.getCause()
                                                                    : e);
                                                }
                                            });
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
