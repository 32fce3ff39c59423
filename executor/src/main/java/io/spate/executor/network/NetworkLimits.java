package io.spate.executor.network;

import java.time.Duration;

/**
 * What a data connection may ask of this executor's data server, and for how long (the {@code
 * spate.network.*} limit keys, src-docs/security.md). A connection over a limit is closed, and only
 * that one; the defaults leave room for real jobs.
 *
 * @param maxConnections incoming data connections in total ({@code spate.network.max-connections})
 * @param maxConnectionsPerPeer incoming data connections from one IP address ({@code
 *     spate.network.max-connections-per-peer})
 * @param maxPendingRequests partition requests one connection may have waiting for a partition that
 *     is not registered yet ({@code spate.network.max-pending-requests})
 * @param handshakeTimeout how long a new connection may take to authenticate, or without a token to
 *     send its first valid frame ({@code spate.network.handshake-timeout})
 * @param frameTimeout how long a started frame may stay incomplete ({@code
 *     spate.network.frame-timeout})
 * @param partitionRequestTimeout how long a request for a partition that is not registered waits
 *     before its receiver is answered with an error ({@code
 *     spate.network.partition-request-timeout})
 * @param idleTimeout how long a connection with no readers and no pending requests stays open
 *     ({@code spate.network.idle-timeout})
 */
public record NetworkLimits(
        int maxConnections,
        int maxConnectionsPerPeer,
        int maxPendingRequests,
        Duration handshakeTimeout,
        Duration frameTimeout,
        Duration partitionRequestTimeout,
        Duration idleTimeout) {

    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_PEER = 64;
    public static final int DEFAULT_MAX_PENDING_REQUESTS = 1024;
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_FRAME_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_PARTITION_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);

    public NetworkLimits {
        atLeastOne("spate.network.max-connections", maxConnections);
        atLeastOne("spate.network.max-connections-per-peer", maxConnectionsPerPeer);
        atLeastOne("spate.network.max-pending-requests", maxPendingRequests);
        positive("spate.network.handshake-timeout", handshakeTimeout);
        positive("spate.network.frame-timeout", frameTimeout);
        positive("spate.network.partition-request-timeout", partitionRequestTimeout);
        positive("spate.network.idle-timeout", idleTimeout);
    }

    public static NetworkLimits defaults() {
        return new NetworkLimits(
                DEFAULT_MAX_CONNECTIONS,
                DEFAULT_MAX_CONNECTIONS_PER_PEER,
                DEFAULT_MAX_PENDING_REQUESTS,
                DEFAULT_HANDSHAKE_TIMEOUT,
                DEFAULT_FRAME_TIMEOUT,
                DEFAULT_PARTITION_REQUEST_TIMEOUT,
                DEFAULT_IDLE_TIMEOUT);
    }

    public NetworkLimits withConnections(int total, int perPeer) {
        return new NetworkLimits(
                total,
                perPeer,
                maxPendingRequests,
                handshakeTimeout,
                frameTimeout,
                partitionRequestTimeout,
                idleTimeout);
    }

    public NetworkLimits withMaxPendingRequests(int n) {
        return new NetworkLimits(
                maxConnections,
                maxConnectionsPerPeer,
                n,
                handshakeTimeout,
                frameTimeout,
                partitionRequestTimeout,
                idleTimeout);
    }

    public NetworkLimits withTimeouts(
            Duration handshake, Duration frame, Duration partitionRequest, Duration idle) {
        return new NetworkLimits(
                maxConnections,
                maxConnectionsPerPeer,
                maxPendingRequests,
                handshake,
                frame,
                partitionRequest,
                idle);
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
