package io.spate.executor.network.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.spate.logging.RateLimitedLog;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the data server's incoming connections, in total and per remote IP address: a connection
 * over a cap is closed as it becomes active, before any other handler hears of it. One instance is
 * shared by every connection of a server, on every event loop; its counts are thread-safe.
 */
@ChannelHandler.Sharable
final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    private static final RateLimitedLog LOG = RateLimitedLog.warnings(ConnectionGuard.class);

    private final int maxConnections;
    private final int maxPerPeer;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<Object, Integer> perPeer = new ConcurrentHashMap<>();

    ConnectionGuard(int maxConnections, int maxPerPeer) {
        this.maxConnections = maxConnections;
        this.maxPerPeer = maxPerPeer;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        Channel ch = ctx.channel();
        Object peer = peerOf(ch.remoteAddress());
        String over = null;
        if (open.incrementAndGet() > maxConnections) {
            over = maxConnections + " connections (spate.network.max-connections)";
        } else if (perPeer.merge(peer, 1, Integer::sum) > maxPerPeer) {
            over = maxPerPeer + " connections from it (spate.network.max-connections-per-peer)";
            release(peer);
        }
        if (over != null) {
            open.decrementAndGet();
            LOG.log(
                    "refused connections",
                    "refusing data connection from " + ch.remoteAddress() + ": already " + over);
            ctx.close();
            return; // the handlers behind never see it active
        }
        ch.closeFuture()
                .addListener(
                        f -> {
                            open.decrementAndGet();
                            release(peer);
                        });
        super.channelActive(ctx);
    }

    /** Open connections admitted (tests). */
    int connections() {
        return open.get();
    }

    private void release(Object peer) {
        perPeer.computeIfPresent(peer, (p, n) -> n == 1 ? null : n - 1);
    }

    /** The IP address of a TCP peer (any port); other addresses (tests) as they are. */
    private static Object peerOf(SocketAddress address) {
        return address instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress()
                : String.valueOf(address);
    }
}
