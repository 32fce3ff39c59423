package io.spate.coordinator.config;

import io.spate.config.ConfigProblems;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The coordinator's configuration after every key was checked; only valid values get here. */
public record CoordinatorSettings(
        String advertisedHost,
        Duration heartbeatInterval,
        Duration heartbeatTimeout,
        Path checkpointsDir,
        Optional<String> authToken,
        Duration slotTimeout,
        Duration cancelTimeout,
        Duration checkpointTimeout,
        int retainedCheckpoints) {

    public static final String HEARTBEAT_INTERVAL = "spate.heartbeat.interval";
    public static final String HEARTBEAT_TIMEOUT = "spate.heartbeat.timeout";
    public static final String CHECKPOINTS_DIR = "spate.checkpoints.dir";
    public static final String ADVERTISED_HOST = "spate.advertised-host";
    public static final String SLOT_TIMEOUT = "spate.scheduler.slot-timeout";
    public static final String CANCEL_TIMEOUT = "spate.scheduler.cancel-timeout";
    public static final String CHECKPOINTS_TIMEOUT = "spate.checkpoints.timeout";
    public static final String CHECKPOINTS_RETAINED = "spate.checkpoints.retained";

    /** Checks all keys and names every bad one in a single {@code BadConfigurationException}. */
    public static CoordinatorSettings from(CoordinatorConfig config) {
        ConfigProblems problems = new ConfigProblems();
        Duration interval = config.heartbeat().interval();
        Duration timeout = config.heartbeat().timeout();
        problems.requirePositive(HEARTBEAT_INTERVAL, interval)
                .requirePositive(HEARTBEAT_TIMEOUT, timeout);
        if (problems.isEmpty()) {
            problems.requireGreater(HEARTBEAT_TIMEOUT, timeout, HEARTBEAT_INTERVAL, interval);
        }
        problems.requirePositive(SLOT_TIMEOUT, config.scheduler().slotTimeout())
                .requirePositive(CANCEL_TIMEOUT, config.scheduler().cancelTimeout());
        problems.requireNonBlank(CHECKPOINTS_DIR, config.checkpoints().dir());
        problems.requirePositive(CHECKPOINTS_TIMEOUT, config.checkpoints().timeout());
        if (config.checkpoints().retained() < 1) {
            problems.add(
                    CHECKPOINTS_RETAINED,
                    String.valueOf(config.checkpoints().retained()),
                    "must be >= 1");
        }
        config.advertisedHost()
                .filter(h -> h.isBlank() || h.contains(" ") || h.contains("/"))
                .ifPresent(h -> problems.add(ADVERTISED_HOST, h, "is not a host name or address"));
        problems.throwIfAny();
        return new CoordinatorSettings(
                config.advertisedHost().orElseGet(CoordinatorSettings::detectHost),
                interval,
                timeout,
                Path.of(config.checkpoints().dir()),
                config.auth().token().filter(t -> !t.isBlank()),
                config.scheduler().slotTimeout(),
                config.scheduler().cancelTimeout(),
                config.checkpoints().timeout(),
                config.checkpoints().retained());
    }

    /** The canonical name of this machine, so peers on other machines can reach us. */
    private static String detectHost() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
