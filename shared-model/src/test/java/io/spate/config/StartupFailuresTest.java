package io.spate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StartupFailuresTest {

    @Test
    void badConfigurationAnywhereInTheChainIsItsOwnLine() {
        ConfigProblems problems = new ConfigProblems();
        problems.requireGreater(
                "spate.heartbeat.timeout",
                Duration.ofSeconds(2),
                "spate.heartbeat.interval",
                Duration.ofSeconds(5));
        Throwable failure = null;
        try {
            problems.throwIfAny();
        } catch (BadConfigurationException e) {
            failure = new RuntimeException("Failed to start quarkus", e);
        }
        assertThat(StartupFailures.configurationProblem(failure))
                .isEqualTo(
                        "spate: bad configuration: spate.heartbeat.timeout (2s) must be greater than"
                                + " spate.heartbeat.interval (5s)");
    }

    @Test
    void frameworkConversionFailureNamesKeyAndValue() {
        Throwable failure =
                new RuntimeException(
                        "Failed to start quarkus",
                        new IllegalArgumentException(
                                "SRCFG00039: The config property spate.heartbeat.interval with the config value"
                                        + " \"abc\" threw an Exception whilst being converted SRCFG00023: Duration"
                                        + " does not match pattern"));
        assertThat(StartupFailures.configurationProblem(failure))
                .isEqualTo(
                        "spate: bad configuration: spate.heartbeat.interval (abc) is not a duration (write"
                                + " e.g. 500ms, 5s, 2m)");
    }

    @Test
    void unknownKeysAreAllNamedOnOneLine() {
        Throwable failure =
                new IllegalStateException(
                        "Configuration validation failed:\n"
                                + "\tSRCFG00050: spate.hartbeat.interval in SysPropConfigSource does not map to any root\n"
                                + "\tSRCFG00050: spate.foo in SysPropConfigSource does not map to any root");
        assertThat(StartupFailures.configurationProblem(failure))
                .isEqualTo(
                        "spate: bad configuration: spate.hartbeat.interval is not a setting of this process"
                                + " (a typo?); spate.foo is not a setting of this process (a typo?)");
    }

    @Test
    void otherFailuresAreNotConfigurationProblems() {
        assertThat(StartupFailures.configurationProblem(new RuntimeException("port in use")))
                .isNull();
    }
}
