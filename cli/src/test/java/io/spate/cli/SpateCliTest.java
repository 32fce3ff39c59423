package io.spate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the CLI that need no cluster (src-docs/contracts.md §5). */
class SpateCliTest {

    @TempDir Path dir;

    @Test
    void invalidSpecExitsWith2AndListsEveryErrorBeforeStartingAnything() throws Exception {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(
                spec,
                """
        name: bad
        parallelism: 0
        pipeline:
          transforms:
            - type: Nope
            - type: RunningCount
        """);
        Captured c = run("local", spec.toString());
        assertThat(c.exit).isEqualTo(2);
        assertThat(c.err)
                .contains("parallelism")
                .contains("pipeline.transforms[0].type")
                .contains("Nope");
    }

    @Test
    void missingSpecFileExitsWith2() {
        Captured c =
                run(
                        "run",
                        dir.resolve("absent.yaml").toString(),
                        "--coordinator",
                        "http://localhost:1");
        assertThat(c.exit).isEqualTo(2);
        assertThat(c.err).contains("does not exist");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(run("local", "--no-such-option").exit).isEqualTo(2);
    }

    @Test
    void unreachableCoordinatorExitsWith1AndSaysWhere() {
        Captured c = run("list", "--coordinator", "http://127.0.0.1:1");
        assertThat(c.exit).isEqualTo(1);
        assertThat(c.err).contains("127.0.0.1:1");
    }

    @Test
    void unreadableTrustFileIsAUsageErrorNamingIt() {
        Captured c = run("list", "--coordinator", "localhost:1", "--trust", "/no/such/ca.pem");
        assertThat(c.exit).isEqualTo(2);
        assertThat(c.err).contains("/no/such/ca.pem");
    }

    private record Captured(int exit, String err) {}

    private static Captured run(String... args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = SpateCli.run(args);
            return new Captured(exit, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
        }
    }
}
