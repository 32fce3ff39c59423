package io.spate.executor.network;

import io.spate.executor.network.netty.NettyTransport;

/**
 * Data-plane settings (src-docs/contracts.md §2).
 *
 * @param bindHost address the data server binds to
 * @param port data server port, 0 = any free port ({@code spate.executor.data-port})
 * @param bufferSize bytes per network buffer ({@code spate.network.buffer-size}, 32 KiB)
 * @param memoryBytes total network buffer memory ({@code spate.network.memory}, 64 MiB)
 * @param exclusiveBuffersPerChannel credit each remote channel owns ({@code
 *     spate.network.exclusive-buffers-per-channel}, 2)
 * @param floatingBuffersPerGate buffers a gate lends to channels with backlog ({@code
 *     spate.network.floating-buffers-per-gate}, 8)
 * @param nettyThreads event-loop threads when the environment creates its own group (1)
 * @param transport Netty transport of that group ({@code spate.network.transport}: epoll where
 *     available)
 * @param limits what one connection may ask of the data server, and for how long
 * @param security whether data connections authenticate with the cluster token
 */
public record NetworkConfig(
        String bindHost,
        int port,
        int bufferSize,
        long memoryBytes,
        int exclusiveBuffersPerChannel,
        int floatingBuffersPerGate,
        int nettyThreads,
        NettyTransport transport,
        NetworkLimits limits,
        PeerSecurity security) {

    public static final int DEFAULT_BUFFER_SIZE = 32 * 1024;
    public static final long DEFAULT_MEMORY = 64L * 1024 * 1024;

    public NetworkConfig {
        if (bufferSize < 1024 || bufferSize > 16 << 20) {
            throw new IllegalArgumentException(
                    "spate.network.buffer-size " + bufferSize + " is not in 1 KiB .. 16 MiB");
        }
        if (memoryBytes < bufferSize) {
            throw new IllegalArgumentException(
                    "spate.network.memory "
                            + memoryBytes
                            + " is below one buffer of "
                            + bufferSize);
        }
        if (exclusiveBuffersPerChannel < 1) {
            throw new IllegalArgumentException(
                    "exclusive buffers per channel must be at least 1, got "
                            + exclusiveBuffersPerChannel);
        }
        if (floatingBuffersPerGate < 0) {
            throw new IllegalArgumentException(
                    "floating buffers per gate must be >= 0, got " + floatingBuffersPerGate);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("data port " + port + " is not in 0..65535");
        }
        if (nettyThreads < 1) {
            throw new IllegalArgumentException("netty threads must be >= 1, got " + nettyThreads);
        }
        if (transport == null || limits == null || security == null) {
            throw new IllegalArgumentException("transport, limits and security must be given");
        }
    }

    /** Defaults, bound to 127.0.0.1 on any free port. */
    public static NetworkConfig defaults() {
        return new NetworkConfig(
                "127.0.0.1",
                0,
                DEFAULT_BUFFER_SIZE,
                DEFAULT_MEMORY,
                2,
                8,
                1,
                NettyTransport.select("auto"),
                NetworkLimits.defaults(),
                PeerSecurity.none());
    }

    public NetworkConfig withBindHost(String host) {
        return new NetworkConfig(
                host,
                port,
                bufferSize,
                memoryBytes,
                exclusiveBuffersPerChannel,
                floatingBuffersPerGate,
                nettyThreads,
                transport,
                limits,
                security);
    }

    public NetworkConfig withPort(int p) {
        return new NetworkConfig(
                bindHost,
                p,
                bufferSize,
                memoryBytes,
                exclusiveBuffersPerChannel,
                floatingBuffersPerGate,
                nettyThreads,
                transport,
                limits,
                security);
    }

    public NetworkConfig withBufferSize(int size) {
        return new NetworkConfig(
                bindHost,
                port,
                size,
                memoryBytes,
                exclusiveBuffersPerChannel,
                floatingBuffersPerGate,
                nettyThreads,
                transport,
                limits,
                security);
    }

    public NetworkConfig withMemory(long bytes) {
        return new NetworkConfig(
                bindHost,
                port,
                bufferSize,
                bytes,
                exclusiveBuffersPerChannel,
                floatingBuffersPerGate,
                nettyThreads,
                transport,
                limits,
                security);
    }

    public NetworkConfig withBuffersPerChannel(int exclusive, int floating) {
        return new NetworkConfig(
                bindHost,
                port,
                bufferSize,
                memoryBytes,
                exclusive,
                floating,
                nettyThreads,
                transport,
                limits,
                security);
    }

    public NetworkConfig withNettyThreads(int threads) {
        return new NetworkConfig(
                bindHost,
                port,
                bufferSize,
                memoryBytes,
                exclusiveBuffersPerChannel,
                floatingBuffersPerGate,
                threads,
                transport,
                limits,
                security);
    }

    public NetworkConfig withTransport(NettyTransport t) {
        return new NetworkConfig(
                bindHost,
                port,
                bufferSize,
                memoryBytes,
                exclusiveBuffersPerChannel,
                floatingBuffersPerGate,
                nettyThreads,
                t,
                limits,
                security);
    }

    public NetworkConfig withLimits(NetworkLimits l) {
        return new NetworkConfig(
                bindHost,
                port,
                bufferSize,
                memoryBytes,
                exclusiveBuffersPerChannel,
                floatingBuffersPerGate,
                nettyThreads,
                transport,
                l,
                security);
    }

    public NetworkConfig withSecurity(PeerSecurity s) {
        return new NetworkConfig(
                bindHost,
                port,
                bufferSize,
                memoryBytes,
                exclusiveBuffersPerChannel,
                floatingBuffersPerGate,
                nettyThreads,
                transport,
                limits,
                s);
    }
}
