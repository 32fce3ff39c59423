package io.spate.executor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.spate.config.BadConfigurationException;
import io.spate.config.StartupFailures;
import io.spate.executor.network.NetworkLimits;
import io.spate.executor.network.netty.NettyTransport;
import io.spate.rpc.HostAndPort;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecutorSettingsTest {

    @Test
    void defaultsAreAccepted() {
        ExecutorSettings settings =
                ExecutorSettings.check(new Values().config(), detected("10.1.2.3"));

        assertThat(settings.coordinatorAddress()).isEqualTo(new HostAndPort("localhost", 8081));
        assertThat(settings.advertisedHost()).isEqualTo("10.1.2.3");
        assertThat(settings.slots()).isEqualTo(2);
        assertThat(settings.bufferSize()).isEqualTo(32 * 1024);
        assertThat(settings.networkMemory()).isEqualTo(64L * 1024 * 1024);
        assertThat(settings.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.checkpointsDir()).isEqualTo(Path.of("spate-data/checkpoints"));
        assertThat(settings.authToken()).isEmpty();
    }

    @Test
    void aConfiguredAdvertisedHostWinsOverDetection() {
        Values values = new Values();
        values.advertisedHost = Optional.of("executor-7.example");
        assertThat(ExecutorSettings.check(values.config(), detected("10.1.2.3")).advertisedHost())
                .isEqualTo("executor-7.example");
    }

    @Test
    void negativeSlotsAreNamedWithTheirValue() {
        Values values = new Values();
        values.slots = -1;
        assertThatThrownBy(() -> ExecutorSettings.check(values.config(), detected("h")))
                .isInstanceOf(BadConfigurationException.class)
                .hasMessage(
                        "spate: bad configuration: spate.executor.slots (-1) must be >= 1 and <= 1024");
    }

    @Test
    void timeoutMustExceedTheInterval() {
        Values values = new Values();
        values.timeout = Duration.ofSeconds(1);
        assertThatThrownBy(() -> ExecutorSettings.check(values.config(), detected("h")))
                .hasMessage(
                        "spate: bad configuration: spate.heartbeat.timeout (1s) must be >"
                                + " spate.heartbeat.interval (1s)");
    }

    @Test
    void durationsInAMessageAreWrittenAsUsersWriteThem() {
        Values values = new Values();
        values.interval = Duration.ofMinutes(2);
        values.timeout = Duration.ofMillis(1500);
        assertThatThrownBy(() -> ExecutorSettings.check(values.config(), detected("h")))
                .hasMessage(
                        "spate: bad configuration: spate.heartbeat.timeout (1500ms) must be >"
                                + " spate.heartbeat.interval (2m)");
    }

    @Test
    void unparsableCoordinatorAddressIsNamed() {
        Values values = new Values();
        values.coordinator = "coordinator-without-port";
        assertThatThrownBy(() -> ExecutorSettings.check(values.config(), detected("h")))
                .hasMessageStartingWith(
                        "spate: bad configuration: spate.coordinator.address"
                                + " (coordinator-without-port) expected host:port");
    }

    @Test
    void networkMemoryMustHoldAFewBuffers() {
        Values values = new Values();
        values.memory = 64 * 1024;
        assertThatThrownBy(() -> ExecutorSettings.check(values.config(), detected("h")))
                .hasMessageContaining(
                        "spate.network.memory (65536 bytes) must hold at least 4 network buffers");
    }

    @Test
    void transportIsEpollOnLinuxAndCanBeForcedToNio() {
        Values values = new Values();
        assertThat(ExecutorSettings.check(values.config(), detected("h")).transport())
                .isEqualTo(
                        NettyTransport
                                .EPOLL); // the tests run on Linux x86_64 (the native library ships)
        values.transport = "NIO";
        assertThat(ExecutorSettings.check(values.config(), detected("h")).transport())
                .isEqualTo(NettyTransport.NIO);
    }

    @Test
    void unknownTransportIsNamed() {
        Values values = new Values();
        values.transport = "io_uring";
        assertThatThrownBy(() -> ExecutorSettings.check(values.config(), detected("h")))
                .hasMessageContaining(
                        "spate.network.transport (io_uring) is not one of auto, epoll, nio");
    }

    @Test
    void schedulerSliceIsADurationInTheKernelsRangeOrZero() {
        Values values = new Values();
        assertThat(ExecutorSettings.check(values.config(), detected("h")).schedulerSlice().slice())
                .isEqualTo(Duration.ofNanos(100_000));
        values.slice = "0";
        assertThat(ExecutorSettings.check(values.config(), detected("h")).schedulerSlice().isOff())
                .isTrue();
        values.slice = "2ms";
        assertThat(
                        ExecutorSettings.check(values.config(), detected("h"))
                                .schedulerSlice()
                                .toString())
                .isEqualTo("2000us");
        values.slice = "10us";
        assertThatThrownBy(() -> ExecutorSettings.check(values.config(), detected("h")))
                .hasMessageContaining(
                        "spate.executor.scheduler-slice (10us) must be 0 (the kernel's default) or in"
                                + " 100us..100ms");
        values.slice = "fast";
        assertThatThrownBy(() -> ExecutorSettings.check(values.config(), detected("h")))
                .hasMessageContaining(
                        "spate.executor.scheduler-slice (fast) expected a duration like 5ms");
    }

    @Test
    void dataPlaneLimitsDefaultToWhatSecurityMdSays() {
        NetworkLimits limits =
                ExecutorSettings.check(new Values().config(), detected("h")).networkLimits();
        assertThat(limits).isEqualTo(NetworkLimits.defaults());
        assertThat(limits.maxConnections()).isEqualTo(1024);
        assertThat(limits.maxConnectionsPerPeer()).isEqualTo(64);
        assertThat(limits.maxPendingRequests()).isEqualTo(1024);
        assertThat(limits.partitionRequestTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void badDataPlaneLimitsAreNamedTogether() {
        Values values = new Values();
        values.maxConnections = 0;
        values.maxPendingRequests = -5;
        values.frameTimeout = Duration.ZERO;
        BadConfigurationException bad =
                org.junit.jupiter.api.Assertions.assertThrows(
                        BadConfigurationException.class,
                        () -> ExecutorSettings.check(values.config(), detected("h")));
        assertThat(bad.problems()).hasSize(3);
        assertThat(bad.getMessage())
                .contains(
                        "spate.network.max-connections (0) must be >= 1",
                        "spate.network.max-pending-requests (-5) must be >= 1",
                        "spate.network.frame-timeout (0ms) must be > 0");
    }

    @Test
    void everyBadKeyIsReportedAtOnceOnOneLine() {
        Values values = new Values();
        values.slots = 0;
        values.dataPort = 70000;
        BadConfigurationException bad =
                org.junit.jupiter.api.Assertions.assertThrows(
                        BadConfigurationException.class,
                        () -> ExecutorSettings.check(values.config(), detected("h")));
        assertThat(bad.problems()).hasSize(2);
        assertThat(bad.getMessage())
                .doesNotContain("\n")
                .contains("spate.executor.slots (0)", "spate.executor.data-port (70000)");
    }

    @Test
    void aValueOfTheWrongTypeIsOneLineNamingKeyAndValue() {
        Throwable failure =
                org.junit.jupiter.api.Assertions.assertThrows(
                        RuntimeException.class,
                        () ->
                                new SmallRyeConfigBuilder()
                                        .withMapping(ExecutorConfig.class)
                                        .withConverter(
                                                MemorySize.class, 100, new MemorySizeConverter())
                                        .withConverter(Duration.class, 100, new DurationConverter())
                                        .withSources(
                                                new PropertiesConfigSource(
                                                        Map.of("spate.executor.slots", "abc"),
                                                        "test",
                                                        100))
                                        .build());
        assertThat(StartupFailures.configurationProblem(failure))
                .isEqualTo(
                        "spate: bad configuration: spate.executor.slots (abc) has the wrong type"
                                + " SRCFG00029: Expected an integer value, got \"abc\"");
    }

    private static java.util.function.Function<HostAndPort, String> detected(String host) {
        return coordinator -> host;
    }

    /** Raw values, the defaults of {@link ExecutorConfig} unless a test changes them. */
    private static final class Values {
        Optional<String> advertisedHost = Optional.empty();
        String coordinator = "localhost:8081";
        int slots = 2;
        int dataPort = 0;
        long bufferSize = 32 * 1024;
        long memory = 64L * 1024 * 1024;
        String transport = "auto";
        int maxConnections = 1024;
        int maxPendingRequests = 1024;
        Duration frameTimeout = Duration.ofSeconds(30);
        String slice = "100us";
        Duration interval = Duration.ofSeconds(1);
        Duration timeout = Duration.ofSeconds(5);
        String dir = "spate-data/checkpoints";
        Optional<String> token = Optional.empty();

        ExecutorConfig config() {
            return new ExecutorConfig() {
                @Override
                public Optional<String> advertisedHost() {
                    return advertisedHost;
                }

                @Override
                public Coordinator coordinator() {
                    return () -> coordinator;
                }

                @Override
                public Executor executor() {
                    return new Executor() {
                        @Override
                        public int slots() {
                            return slots;
                        }

                        @Override
                        public int dataPort() {
                            return dataPort;
                        }

                        @Override
                        public String schedulerSlice() {
                            return slice;
                        }

                        @Override
                        public Duration taskCancellationTimeout() {
                            return Duration.ofSeconds(30);
                        }

                        @Override
                        public String blobDir() {
                            return "spate-data/blobs";
                        }

                        @Override
                        public MemorySize maxJarSize() {
                            return new MemorySize(BigInteger.valueOf(100 << 20));
                        }
                    };
                }

                @Override
                public Network network() {
                    return new Network() {
                        @Override
                        public MemorySize bufferSize() {
                            return new MemorySize(BigInteger.valueOf(bufferSize));
                        }

                        @Override
                        public MemorySize memory() {
                            return new MemorySize(BigInteger.valueOf(memory));
                        }

                        @Override
                        public String transport() {
                            return transport;
                        }

                        @Override
                        public int maxConnections() {
                            return maxConnections;
                        }

                        @Override
                        public int maxConnectionsPerPeer() {
                            return 64;
                        }

                        @Override
                        public int maxPendingRequests() {
                            return maxPendingRequests;
                        }

                        @Override
                        public Duration handshakeTimeout() {
                            return Duration.ofSeconds(10);
                        }

                        @Override
                        public Duration frameTimeout() {
                            return frameTimeout;
                        }

                        @Override
                        public Duration partitionRequestTimeout() {
                            return Duration.ofSeconds(10);
                        }

                        @Override
                        public Duration idleTimeout() {
                            return Duration.ofMinutes(10);
                        }
                    };
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
                    return () -> dir;
                }

                @Override
                public Auth auth() {
                    return () -> token;
                }
            };
        }
    }
}
