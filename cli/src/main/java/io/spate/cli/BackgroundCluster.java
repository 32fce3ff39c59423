package io.spate.cli;

import io.spate.cli.cluster.SpateHome;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The record of a background cluster ({@code ./spate cluster start}): its port and pids, in
 * spate-data/cluster/.
 */
record BackgroundCluster(int coordinatorPort, List<Long> pids) {

    static Path dir(SpateHome home) {
        return home.root().resolve("spate-data/cluster");
    }

    static Optional<BackgroundCluster> load(SpateHome home) {
        Path file = dir(home).resolve("cluster.properties");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
            List<Long> pids =
                    Arrays.stream(p.getProperty("pids", "").split(","))
                            .filter(s -> !s.isBlank())
                            .map(Long::parseLong)
                            .toList();
            return Optional.of(
                    new BackgroundCluster(
                            Integer.parseInt(p.getProperty("coordinator.port")), pids));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void save(SpateHome home) throws IOException {
        Path dir = Files.createDirectories(dir(home));
        Properties p = new Properties();
        p.setProperty("coordinator.port", Integer.toString(coordinatorPort));
        p.setProperty("pids", String.join(",", pids.stream().map(String::valueOf).toList()));
        try (Writer w = Files.newBufferedWriter(dir.resolve("cluster.properties"))) {
            p.store(w, "spate background cluster");
        }
    }

    static void delete(SpateHome home) throws IOException {
        Files.deleteIfExists(dir(home).resolve("cluster.properties"));
    }

    long alive() {
        return pids.stream()
                .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .count();
    }
}
