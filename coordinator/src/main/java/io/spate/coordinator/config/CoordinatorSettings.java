package io.spate.coordinator.config;

import io.spate.config.ConfigProblems;
import io.spate.coordinator.checkpoint.CheckpointCleanup;
import io.spate.jobspec.JobSpecParser;
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
        int retainedCheckpoints,
        SpecLimits specLimits,
        Duration checkpointMaxBackoff,
        CheckpointCleanup checkpointCleanup) {

    public static final String HEARTBEAT_INTERVAL = "spate.heartbeat.interval";
    public static final String HEARTBEAT_TIMEOUT = "spate.heartbeat.timeout";
    public static final String CHECKPOINTS_DIR = "spate.checkpoints.dir";
    public static final String ADVERTISED_HOST = "spate.advertised-host";
    public static final String SLOT_TIMEOUT = "spate.scheduler.slot-timeout";
    public static final String CANCEL_TIMEOUT = "spate.scheduler.cancel-timeout";
    public static final String CHECKPOINTS_TIMEOUT = "spate.checkpoints.timeout";
    public static final String CHECKPOINTS_RETAINED = "spate.checkpoints.retained";
    public static final String CHECKPOINTS_MAX_BACKOFF = "spate.checkpoints.max-backoff";
    public static final String CHECKPOINTS_CLEANUP = "spate.checkpoints.cleanup";

    public static final String MAX_SPEC_SIZE = "spate.jobs.max-spec-size";
    public static final String PARSE_TIMEOUT = "spate.jobs.parse-timeout";
    public static final String PARSE_THREADS = "spate.jobs.parse-threads";
    public static final String PARSE_QUEUE = "spate.jobs.parse-queue";

    /** What {@code POST /jobs} takes in: body size, and the pool and time budget of its parsing. */
    public record SpecLimits(
            long maxSpecSize,
            String maxSpecSizeText,
            Duration parseTimeout,
            int parseThreads,
            int parseQueue) {}

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
        problems.requirePositive(CHECKPOINTS_MAX_BACKOFF, config.checkpoints().maxBackoff());
        Optional<CheckpointCleanup> cleanup =
                CheckpointCleanup.parse(config.checkpoints().cleanup());
        if (cleanup.isEmpty()) {
            problems.add(
                    CHECKPOINTS_CLEANUP,
                    config.checkpoints().cleanup(),
                    "must be one of unless-failed, always, never");
        }
        config.advertisedHost()
                .filter(h -> h.isBlank() || h.contains(" ") || h.contains("/"))
                .ifPresent(h -> problems.add(ADVERTISED_HOST, h, "is not a host name or address"));
        CoordinatorConfig.Jobs jobs = config.jobs();
        long maxSpecSize = jobs.maxSpecSize().asLongValue();
        if (maxSpecSize < 1024 || maxSpecSize > JobSpecParser.MAX_CODE_POINTS) {
            problems.add(MAX_SPEC_SIZE, maxSpecSize + " bytes", "must be >= 1k and <= 64m");
        }
        problems.requirePositive(PARSE_TIMEOUT, jobs.parseTimeout());
        if (jobs.parseThreads() < 1 || jobs.parseThreads() > 64) {
            problems.add(PARSE_THREADS, jobs.parseThreads(), "must be >= 1 and <= 64");
        }
        if (jobs.parseQueue() < 0 || jobs.parseQueue() > 1024) {
            problems.add(PARSE_QUEUE, jobs.parseQueue(), "must be >= 0 and <= 1024");
        }
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
                config.checkpoints().retained(),
                new SpecLimits(
                        maxSpecSize,
                        sizeText(maxSpecSize),
                        jobs.parseTimeout(),
                        jobs.parseThreads(),
                        jobs.parseQueue()),
                config.checkpoints().maxBackoff(),
                cleanup.orElseThrow());
    }

    /** {@code 1m}, {@code 512k} or bytes: how a size reads in an error message. */
    static String sizeText(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + "m";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + "k" : String.valueOf(bytes);
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
