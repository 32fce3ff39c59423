package io.spate.coordinator.config;

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
