package io.spate.executor.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The executor's {@code spate.*} keys as typed, unvalidated values (src-docs/contracts.md §2).
 * Everything reads them through {@link ExecutorSettings}, which checks them once at start.
 */
@ConfigMapping(prefix = "spate")
public interface ExecutorConfig {

    /** The address peers use to reach this process; detected when unset. */
    Optional<String> advertisedHost();

    Coordinator coordinator();

    Executor executor();

    Network network();

    Heartbeat heartbeat();

    Checkpoints checkpoints();

    Auth auth();

    interface Coordinator {
        /** {@code host:port} of the coordinator's gRPC (= HTTP) port. */
        @WithDefault("localhost:8081")
        String address();
    }

    interface Executor {
        @WithDefault("2")
        int slots();

        /** The Netty data plane's port; 0 = any free port. */
        @WithDefault("0")
        int dataPort();

        /**
         * The scheduler slice task threads and data-plane event loops ask Linux for ({@code 100us}
         * .. {@code 100ms}); {@code 0} keeps the kernel's default.
         */
        @WithDefault("100us")
        String schedulerSlice();

        /**
         * How long a cancelled task may take to end before the executor exits (Flink's
         * task.cancellation.timeout; src-docs/java-functions.md); 0 = wait forever.
         */
        @WithDefault("30s")
        Duration taskCancellationTimeout();

        /** Where fetched user jars are cached by SHA-256 (may be shared by executors). */
        @WithDefault("spate-data/blobs")
        String blobDir();

        /** The largest user jar this executor fetches. */
        @WithDefault("100m")
        MemorySize maxJarSize();
    }

    interface Network {
        @WithDefault("32k")
        MemorySize bufferSize();

        @WithDefault("64m")
        MemorySize memory();

        /**
         * {@code auto} (Linux' native epoll where it loads, else NIO), {@code epoll} or {@code
         * nio}.
         */
        @WithDefault("auto")
        String transport();

        /** Incoming data connections in total (security.md "Data plane"). */
        @WithDefault("1024")
        int maxConnections();

        /** Incoming data connections from one IP address. */
        @WithDefault("64")
        int maxConnectionsPerPeer();

        /** Partition requests, over all connections, waiting for a partition not registered yet. */
        @WithDefault("1024")
        int maxPendingRequests();

        /** How long a new connection may take to authenticate (or send its first frame). */
        @WithDefault("10s")
        Duration handshakeTimeout();

        /** How long a started frame may stay incomplete. */
        @WithDefault("30s")
        Duration frameTimeout();

        /** How long a request waits for its partition before its receiver gets an error. */
        @WithDefault("10s")
        Duration partitionRequestTimeout();

        /** How long a connection without readers may stay silent. */
        @WithDefault("10m")
        Duration idleTimeout();
    }

    interface Heartbeat {
        @WithDefault("1s")
        Duration interval();

        @WithDefault("5s")
        Duration timeout();
    }

    interface Checkpoints {
        @WithDefault("spate-data/checkpoints")
        String dir();
    }

    interface Auth {
        Optional<String> token();
    }
}
