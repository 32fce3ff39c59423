package io.spate.executor.config;

import io.spate.config.ConfigProblems;
import io.spate.config.Durations;
import io.spate.executor.network.NetworkLimits;
import io.spate.executor.network.netty.NettyTransport;
import io.spate.executor.thread.SchedulerSlice;
import io.spate.rpc.HostAndPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The executor's configuration after checking: every value here is one the executor can run with.
 * Built once at start by {@link #check}, which reports every bad key at once.
 */
public record ExecutorSettings(
        String advertisedHost,
        HostAndPort coordinatorAddress,
        int slots,
        int dataPort,
        int bufferSize,
        long networkMemory,
        NettyTransport transport,
        NetworkLimits networkLimits,
        SchedulerSlice schedulerSlice,
        Duration heartbeatInterval,
        Duration heartbeatTimeout,
        Path checkpointsDir,
        Optional<String> authToken) {

    /**
     * The pool must hold at least this many buffers: one per channel direction plus floating ones.
     */
    public static final int MIN_NETWORK_BUFFERS = 4;

    static final int MIN_BUFFER_SIZE = 1024;
    static final int MAX_BUFFER_SIZE = 16 * 1024 * 1024;
    static final int MAX_SLOTS = 1024;

    /**
     * Checks the raw values; the advertised host, when not configured, comes from {@code
     * detectHost} (given the coordinator's address, so it can pick the interface that reaches it).
     *
     * @throws io.spate.config.BadConfigurationException naming every bad key and its value
     */
    public static ExecutorSettings check(
            ExecutorConfig config, Function<HostAndPort, String> detectHost) {
        ConfigProblems problems = new ConfigProblems();

        HostAndPort coordinator = null;
        String address = config.coordinator().address();
        try {
            coordinator = HostAndPort.parse(address);
            if (coordinator.port() == 0) {
                problems.add("spate.coordinator.address", address, "needs a port in 1..65535");
                coordinator = null;
            }
        } catch (IllegalArgumentException e) {
            problems.add("spate.coordinator.address", address, e.getMessage());
        }

        int slots = config.executor().slots();
        if (slots < 1 || slots > MAX_SLOTS) {
            problems.add("spate.executor.slots", slots, "must be >= 1 and <= " + MAX_SLOTS);
        }
        int dataPort = config.executor().dataPort();
        if (dataPort < 0 || dataPort > 65535) {
            problems.add(
                    "spate.executor.data-port",
                    dataPort,
                    "must be in 0..65535 (0 = any free port)");
        }

        long bufferSize = config.network().bufferSize().asLongValue();
        if (bufferSize < MIN_BUFFER_SIZE || bufferSize > MAX_BUFFER_SIZE) {
            problems.add(
                    "spate.network.buffer-size",
                    bufferSize + " bytes",
                    "must be between 1k and 16m");
        }
        long memory = config.network().memory().asLongValue();
        if (memory < MIN_NETWORK_BUFFERS * Math.max(bufferSize, 1)) {
            problems.add(
                    "spate.network.memory",
                    memory + " bytes",
                    "must hold at least "
                            + MIN_NETWORK_BUFFERS
                            + " network buffers of spate.network.buffer-size ("
                            + bufferSize
                            + " bytes)");
        }

        NettyTransport transport = NettyTransport.NIO;
        try {
            transport = NettyTransport.select(config.network().transport());
        } catch (IllegalArgumentException e) {
            problems.add(
                    "spate.network.transport",
                    config.network().transport(),
                    problemOf(e.getMessage()));
        }

        NetworkLimits limits = networkLimits(config.network(), problems);

        SchedulerSlice slice = SchedulerSlice.OFF;
        String sliceText = config.executor().schedulerSlice();
        try {
            slice = SchedulerSlice.of(Durations.parse(sliceText));
        } catch (IllegalArgumentException e) {
            problems.add("spate.executor.scheduler-slice", sliceText, e.getMessage());
        }

        Duration interval = config.heartbeat().interval();
        Duration timeout = config.heartbeat().timeout();
        if (interval.isNegative() || interval.isZero()) {
            problems.add("spate.heartbeat.interval", Durations.format(interval), "must be > 0");
        }
        if (timeout.compareTo(interval) <= 0) {
            problems.add(
                    "spate.heartbeat.timeout",
                    Durations.format(timeout),
                    "must be > spate.heartbeat.interval (" + Durations.format(interval) + ")");
        }

        String dir = config.checkpoints().dir();
        Path checkpointsDir = null;
        if (dir.isBlank()) {
            problems.add("spate.checkpoints.dir", dir, "must not be empty");
        } else {
            try {
                checkpointsDir = Path.of(dir);
            } catch (RuntimeException e) {
                problems.add("spate.checkpoints.dir", dir, "is not a path: " + e.getMessage());
            }
        }

        Optional<String> configuredHost = config.advertisedHost();
        if (configuredHost.isPresent() && configuredHost.get().isBlank()) {
            problems.add("spate.advertised-host", configuredHost.get(), "must not be blank");
        }

        problems.throwIfAny();
        HostAndPort reachable = coordinator;
        String host = configuredHost.map(String::trim).orElseGet(() -> detectHost.apply(reachable));
        return new ExecutorSettings(
                host,
                coordinator,
                slots,
                dataPort,
                (int) bufferSize,
                memory,
                transport,
                limits,
                slice,
                interval,
                timeout,
                checkpointsDir,
                config.auth().token().filter(t -> !t.isBlank()));
    }

    /** The data-plane limits, each key checked on its own; defaults where one is bad. */
    private static NetworkLimits networkLimits(ExecutorConfig.Network n, ConfigProblems problems) {
        int connections = atLeastOne("spate.network.max-connections", n.maxConnections(), problems);
        int perPeer =
                atLeastOne(
                        "spate.network.max-connections-per-peer",
                        n.maxConnectionsPerPeer(),
                        problems);
        int pending =
                atLeastOne("spate.network.max-pending-requests", n.maxPendingRequests(), problems);
        return new NetworkLimits(
                connections,
                perPeer,
                pending,
                positive("spate.network.handshake-timeout", n.handshakeTimeout(), problems),
                positive("spate.network.frame-timeout", n.frameTimeout(), problems),
                positive(
                        "spate.network.partition-request-timeout",
                        n.partitionRequestTimeout(),
                        problems),
                positive("spate.network.idle-timeout", n.idleTimeout(), problems));
    }

    private static int atLeastOne(String key, int value, ConfigProblems problems) {
        if (value < 1) {
            problems.add(key, value, "must be >= 1");
            return 1;
        }
        return value;
    }

    private static Duration positive(String key, Duration value, ConfigProblems problems) {
        if (value.isNegative() || value.isZero()) {
            problems.add(key, Durations.format(value), "must be > 0");
            return Duration.ofSeconds(1);
        }
        return value;
    }

    /** The problem part of a message that starts with the key and value. */
    private static String problemOf(String message) {
        int at = message.indexOf(" is ");
        return at < 0 ? message : message.substring(at + 1);
    }
}
