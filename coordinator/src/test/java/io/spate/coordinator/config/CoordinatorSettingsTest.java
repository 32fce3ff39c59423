package io.spate.coordinator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.spate.config.BadConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CoordinatorSettingsTest {

    private static CoordinatorConfig config(
            Duration interval,
            Duration timeout,
            String dir,
            Optional<String> host,
            Optional<String> token) {
        return config(interval, timeout, dir, host, token, jobs("1m", Duration.ofSeconds(10), 2));
    }

    private static CoordinatorConfig.Jobs jobs(String maxSpecSize, Duration timeout, int threads) {
        return new CoordinatorConfig.Jobs() {
            @Override
            public MemorySize maxSpecSize() {
                return new MemorySizeConverter().convert(maxSpecSize);
            }

            @Override
            public Duration parseTimeout() {
                return timeout;
            }

            @Override
            public int parseThreads() {
                return threads;
            }

            @Override
            public int parseQueue() {
                return 16;
            }

            @Override
            public MemorySize maxJarSize() {
                return new MemorySizeConverter().convert("100m");
            }

            @Override
            public String jarDir() {
                return "spate-data/jars";
            }

            @Override
            public boolean userCode() {
                return false;
            }
        };
    }

    private static CoordinatorConfig config(
            Duration interval,
            Duration timeout,
            String dir,
            Optional<String> host,
            Optional<String> token,
            CoordinatorConfig.Jobs jobs) {
        return new CoordinatorConfig() {
            @Override
            public Jobs jobs() {
                return jobs;
            }

            @Override
            public Optional<String> advertisedHost() {
                return host;
            }

            @Override
            public Heartbeat heartbeat() {
                return new Heartbeat() {
                    @Override
                    public Duration interval() {
                        return interval;
                    }

                    @Override
                    public Duration timeout() {
                        return timeout;
                    }
                };
            }

            @Override
            public Checkpoints checkpoints() {
                return new Checkpoints() {
                    @Override
                    public String dir() {
                        return dir;
                    }

                    @Override
                    public Duration timeout() {
                        return Duration.ofSeconds(60);
                    }

                    @Override
                    public int retained() {
                        return 3;
                    }

                    @Override
                    public Duration maxBackoff() {
                        return Duration.ofMinutes(1);
                    }

                    @Override
                    public String cleanup() {
                        return "unless-failed";
                    }
                };
            }

            @Override
            public Auth auth() {
                return () -> token;
            }

            @Override
            public Scheduler scheduler() {
                return new Scheduler() {
                    @Override
                    public Duration slotTimeout() {
                        return Duration.ofSeconds(30);
                    }

                    @Override
                    public Duration cancelTimeout() {
                        return Duration.ofSeconds(10);
                    }
                };
            }
        };
    }

    @Test
    void defaultsAreValid() {
        CoordinatorSettings settings =
                CoordinatorSettings.from(
                        config(
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(5),
                                "spate-data/checkpoints",
                                Optional.of("coord-1"),
                                Optional.of(" ")));

        assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.checkpointsDir()).isEqualTo(Path.of("spate-data/checkpoints"));
        assertThat(settings.advertisedHost()).isEqualTo("coord-1");
        assertThat(settings.authToken()).as("a blank token is no token").isEmpty();
    }

    @Test
    void timeoutNotAboveIntervalIsOneClearLine() {
        assertThatThrownBy(
                        () ->
                                CoordinatorSettings.from(
                                        config(
                                                Duration.ofSeconds(5),
                                                Duration.ofSeconds(2),
                                                "d",
                                                Optional.empty(),
                                                Optional.empty())))
                .isInstanceOf(BadConfigurationException.class)
                .hasMessage(
                        "spate: bad configuration: spate.heartbeat.timeout (2s) must be greater than"
                                + " spate.heartbeat.interval (5s)");
    }

    @Test
    void everyBadKeyIsNamedAtOnce() {
        assertThatThrownBy(
                        () ->
                                CoordinatorSettings.from(
                                        config(
                                                Duration.ZERO,
                                                Duration.ofSeconds(-1),
                                                " ",
                                                Optional.of("a b"),
                                                Optional.empty())))
                .isInstanceOfSatisfying(
                        BadConfigurationException.class,
                        e ->
                                assertThat(e.problems())
                                        .containsExactly(
                                                "spate.heartbeat.interval (0ms) must be greater than 0",
                                                "spate.heartbeat.timeout (-1s) must be greater than 0",
                                                "spate.checkpoints.dir ( ) must not be empty",
                                                "spate.advertised-host (a b) is not a host name or address"));
    }

    @Test
    void jobLimitsAreCheckedAndTheSizeReadsAsWritten() {
        CoordinatorSettings settings =
                CoordinatorSettings.from(
                        config(
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(5),
                                "dir",
                                Optional.of("h"),
                                Optional.empty(),
                                jobs("512k", Duration.ofSeconds(3), 4)));
        assertThat(settings.specLimits())
                .isEqualTo(
                        new CoordinatorSettings.SpecLimits(
                                512 * 1024, "512k", Duration.ofSeconds(3), 4, 16));
        assertThatThrownBy(
                        () ->
                                CoordinatorSettings.from(
                                        config(
                                                Duration.ofSeconds(1),
                                                Duration.ofSeconds(5),
                                                "dir",
                                                Optional.of("h"),
                                                Optional.empty(),
                                                jobs("100", Duration.ZERO, 0))))
                .isInstanceOf(BadConfigurationException.class)
                .hasMessageContaining("spate.jobs.max-spec-size (100 bytes) must be >= 1k")
                .hasMessageContaining("spate.jobs.parse-timeout")
                .hasMessageContaining("spate.jobs.parse-threads (0) must be >= 1");
    }
}
