package io.spate.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpateHomeTest {

    @TempDir Path root;

    @Test
    void usesThePlainJarsWhenNoLaunchersWereBuilt() throws IOException {
        SpateHome home = new SpateHome(root);
        Path jar = file(home.coordinatorJar(), Instant.parse("2026-01-01T00:00:00Z"));
        List<String> cmd = home.coordinatorCommand();
        assertThat(home.usesLaunchers()).isFalse();
        assertThat(cmd.subList(cmd.size() - 2, cmd.size())).containsExactly("-jar", jar.toString());
        assertThat(cmd.get(0)).endsWith("java");
    }

    @Test
    void usesTheLaunchersWhenTheyAreAtLeastAsNewAsTheJars() throws IOException {
        SpateHome home = new SpateHome(root);
        Instant built = Instant.parse("2026-01-01T00:00:00Z");
        file(home.coordinatorJar(), built);
        file(home.executorJar(), built);
        launcher(home, "coordinator", built.plusSeconds(60));
        launcher(home, "executor", built.plusSeconds(60));

        List<String> cmd = home.executorCommand();
        assertThat(home.usesLaunchers()).isTrue();
        assertThat(cmd.get(0)).isEqualTo(home.launcher("executor").toString());
        assertThat(cmd.subList(cmd.size() - 2, cmd.size()))
                .containsExactly(
                        "-jar",
                        root.resolve("native-build/target/launchers/executor/app/quarkus-run.jar")
                                .toString());
    }

    @Test
    void passesOverStaleLaunchersAfterTheJarsWereRebuilt() throws IOException {
        SpateHome home = new SpateHome(root);
        Instant built = Instant.parse("2026-01-01T00:00:00Z");
        launcher(home, "coordinator", built);
        launcher(home, "executor", built);
        Path jar = file(home.coordinatorJar(), built.plusSeconds(60));
        file(home.executorJar(), built);

        assertThat(home.usesLaunchers()).isFalse();
        List<String> cmd = home.coordinatorCommand();
        assertThat(cmd.get(cmd.size() - 1)).isEqualTo(jar.toString());
    }

    @Test
    void namesTheMissingJar() {
        assertThatThrownBy(() -> new SpateHome(root).executorCommand())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("executor/target/quarkus-app/quarkus-run.jar is missing");
    }

    private static void launcher(SpateHome home, String app, Instant built) throws IOException {
        Path script = file(home.launcher(app), built);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        file(script.getParent().getParent().resolve("app/quarkus-run.jar"), built);
    }

    private static Path file(Path path, Instant modified) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "x");
        Files.setLastModifiedTime(path, FileTime.from(modified));
        return path;
    }
}
