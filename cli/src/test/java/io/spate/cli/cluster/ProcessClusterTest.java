package io.spate.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessClusterTest {

    @Test
    void aFreePortLiesBelowTheEphemeralRangeAndCanBeBound() throws IOException {
        int low = ProcessCluster.ephemeralLow();
        for (int i = 0; i < 20; i++) {
            int port = ProcessCluster.freePort();
            assertThat(port).isBetween(20_000, low - 1);
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
        }
    }

    @Test
    void theErrorLinesOfALogComeBeforeItsTail(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("coordinator.log");
        Files.writeString(
                log,
                """
                INFO starting
                ERROR Port 23456 seems to be in use by another process
                java.net.BindException: Address already in use
                \tat sun.nio.ch.Net.bind(Net.java:565)
                Caused by: something else
                \tat a.b.C(C.java:1)
                """);
        assertThat(ProcessCluster.errors(log, 10).lines())
                .containsExactly(
                        "ERROR Port 23456 seems to be in use by another process",
                        "java.net.BindException: Address already in use",
                        "Caused by: something else");
    }
}
