package io.spate.executor.network;

import java.time.Duration;

/**
 * How much a data connection may ask of this executor, and how long it may take (the {@code
 * spate.network.*} limit keys, src-docs/security.md). A peer over a limit gets an ErrorResponse and
 * is disconnected; the defaults leave room for real jobs (a job of parallelism p opens at most p ×
 * inputs channels per connection pair).
 *
 * @param partitionRequestTimeout how long a request for a partition that is not registered yet
 *     waits before its receiver is answered with an error ({@code
 *     spate.network.partition-request-timeout}, 10s, as Flink)
 * @param maxPendingRequestsPerConnection unserved requests one connection may have open ({@code
 *     spate.network.max-pending-requests-per-connection}, 2048)
 * @param maxPendingRequests unserved requests of all connections together ({@code
 *     spate.network.max-pending-requests}, 16384)
 * @param maxReadersPerConnection subpartitions one connection may read at once ({@code
 *     spate.network.max-readers-per-connection}, 4096)
 * @param maxConnectionsPerPeer incoming connections from one IP address ({@code
 *     spate.network.max-connections-per-peer}, 64)
 * @param maxConnections incoming connections in total ({@code spate.network.max-connections}, 1024)
 * @param handshakeTimeout how long a new connection may take to send its first valid frame or to
 *     authenticate ({@code spate.network.handshake-timeout}, 10s)
 * @param frameTimeout how long a frame may stay incomplete ({@code spate.network.frame-timeout},
 *     30s)
 * @param writeTimeout how long a connection may stay unwritable because its peer does not read
 *     ({@code spate.network.write-timeout}, 60s)
 */
public record NetworkLimits(
        Duration partitionRequestTimeout,
        int maxPendingRequestsPerConnection,
        int maxPendingRequests,
        int maxReadersPerConnection,
        int maxConnectionsPerPeer,
        int maxConnections,
        Duration handshakeTimeout,
        Duration frameTimeout,
        Duration writeTimeout) {

    public NetworkLimits {
        positive("spate.network.partition-request-timeout", partitionRequestTimeout);
        positive("spate.network.handshake-timeout", handshakeTimeout);
        positive("spate.network.frame-timeout", frameTimeout);
        positive("spate.network.write-timeout", writeTimeout);
        atLeastOne("spate.network.max-pending-requests-per-connection", maxPendingRequestsPerConnection);
        atLeastOne("spate.network.max-pending-requests", maxPendingRequests);
        atLeastOne("spate.network.max-readers-per-connection", maxReadersPerConnection);
        atLeastOne("spate.network.max-connections-per-peer", maxConnectionsPerPeer);
        atLeastOne("spate.network.max-connections", maxConnections);
    }

    public static NetworkLimits defaults() {
        return new NetworkLimits(
                Duration.ofSeconds(10),
                2048,
                16384,
                4096,
                64,
                1024,
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60));
    }

    public NetworkLimits withPartitionRequestTimeout(Duration d) {
        return new NetworkLimits(
                d,
                maxPendingRequestsPerConnection,
                maxPendingRequests,
                maxReadersPerConnection,
                maxConnectionsPerPeer,
                maxConnections,
                handshakeTimeout,
                frameTimeout,
                writeTimeout);
    }

    public NetworkLimits withRequests(int pendingPerConnection, int pendingTotal, int readers) {
        return new NetworkLimits(
                partitionRequestTimeout,
                pendingPerConnection,
                pendingTotal,
                readers,
                maxConnectionsPerPeer,
                maxConnections,
                handshakeTimeout,
                frameTimeout,
                writeTimeout);
    }

    public NetworkLimits withConnections(int perPeer, int total) {
        return new NetworkLimits(
                partitionRequestTimeout,
                maxPendingRequestsPerConnection,
                maxPendingRequests,
                maxReadersPerConnection,
                perPeer,
                total,
                handshakeTimeout,
                frameTimeout,
                writeTimeout);
    }

    public NetworkLimits withTimeouts(Duration handshake, Duration frame, Duration write) {
        return new NetworkLimits(
                partitionRequestTimeout,
                maxPendingRequestsPerConnection,
                maxPendingRequests,
                maxReadersPerConnection,
                maxConnectionsPerPeer,
                maxConnections,
                handshake,
                frame,
                write);
    }

    private static void positive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " " + d + " must be > 0");
        }
    }

    private static void atLeastOne(String key, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(key + " " + n + " must be >= 1");
        }
    }
}
