package io.spate.coordinator.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The coordinator's {@code spate.*} keys (src-docs/contracts.md §2) as SmallRye parses them. Values
 * are checked together, and turned into {@link CoordinatorSettings}, at start.
 */
@ConfigMapping(prefix = "spate")
public interface CoordinatorConfig {

    /** The address peers use to reach this process; detected when unset. */
    Optional<String> advertisedHost();

    Heartbeat heartbeat();

    Checkpoints checkpoints();

    Auth auth();

    Scheduler scheduler();

    Jobs jobs();

    /** Limits on what {@code POST /jobs} takes in (src-docs/security.md). */
    interface Jobs {
        /** The largest request body (a job spec) the REST API reads; larger gets 413. */
        @WithDefault("1m")
        MemorySize maxSpecSize();

        /** How long parsing and checking one submitted spec may take, queueing included. */
        @WithDefault("10s")
        Duration parseTimeout();

        /** Threads that parse submitted specs (off the event loops). */
        @WithDefault("2")
        int parseThreads();

        /** Submissions waiting for a parse thread; beyond this, 503. */
        @WithDefault("16")
        int parseQueue();

        /** The largest jar {@code POST /jars/upload} takes; larger gets 413. */
        @WithDefault("100m")
        MemorySize maxJarSize();

        /** Where uploaded jars are kept (src-docs/java-functions.md). */
        @WithDefault("spate-data/jars")
        String jarDir();

        /**
         * Jar upload runs user code: refused (403) unless {@code spate.auth.token} is set or this
         * is true (a trusted network).
         */
        @WithDefault("false")
        boolean userCode();
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

        /** A checkpoint not acknowledged by every task within this fails; the next one proceeds. */
        @WithDefault("60s")
        Duration timeout();

        /** How many completed checkpoints are kept per job (older ones are deleted). */
        @WithDefault("3")
        int retained();

        /** The longest wait before the next attempt after consecutive failed checkpoints. */
        @WithDefault("1m")
        Duration maxBackoff();

        /** unless-failed, always or never: whether an ended job's checkpoints are removed. */
        @WithDefault("unless-failed")
        String cleanup();
    }

    interface Scheduler {
        /** How long a job waits for enough free slots before it fails. */
        @WithDefault("30s")
        Duration slotTimeout();

        /** How long a cancelling job waits for its tasks to confirm before it ends anyway. */
        @WithDefault("10s")
        Duration cancelTimeout();
    }

    interface Auth {
        Optional<String> token();
    }
}
