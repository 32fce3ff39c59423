package io.spate.executor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged executor refuses a bad configuration value at start with exactly one line naming the
 * key, and a non-zero exit code — no stack trace, no silent default.
 */
class ExecutorBadConfigurationIT {

    private static final Path JAR =
            Path.of(System.getProperty("spate.executor.jar", "target/quarkus-app/quarkus-run.jar"));

    @Test
    void negativeSlotsAsProgramArgument() throws Exception {
        Outcome outcome = run(List.of(), List.of("-Dspate.executor.slots=-1"));

        assertThat(outcome.lines())
                .containsExactly(
                        "spate: bad configuration: spate.executor.slots (-1) must be >= 1 and <= 1024");
        assertThat(outcome.exitCode()).isEqualTo(2);
    }

    @Test
    void timeoutNotAboveIntervalAsSystemProperty() throws Exception {
        Outcome outcome = run(List.of("-Dspate.heartbeat.timeout=500ms"), List.of());

        assertThat(outcome.lines())
                .containsExactly(
                        "spate: bad configuration: spate.heartbeat.timeout (500ms) must be >"
                                + " spate.heartbeat.interval (1s)");
        assertThat(outcome.exitCode()).isNotZero();
    }

    @Test
    void unparsableCoordinatorAddress() throws Exception {
        Outcome outcome = run(List.of(), List.of("-Dspate.coordinator.address=coordinator:http"));

        assertThat(outcome.lines()).hasSize(1);
        assertThat(outcome.lines().get(0))
                .startsWith(
                        "spate: bad configuration: spate.coordinator.address (coordinator:http)");
        assertThat(outcome.exitCode()).isNotZero();
    }

    @Test
    void valueOfTheWrongType() throws Exception {
        Outcome outcome = run(List.of(), List.of("-Dspate.executor.slots=many"));

        assertThat(outcome.lines()).hasSize(1);
        assertThat(outcome.lines().get(0))
                .startsWith("spate: bad configuration: ")
                .contains("spate.executor.slots", "many");
        assertThat(outcome.exitCode()).isNotZero();
    }

    private record Outcome(int exitCode, List<String> lines) {}

    private static Outcome run(List<String> jvmOptions, List<String> arguments)
            throws IOException, InterruptedException {
        assertThat(JAR).as("the packaged executor (run `package` first)").exists();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Should the value be accepted after all, the process must not collide with anything.
        command.add("-Dquarkus.http.port=0");
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError(
                        "executor still running after 60 s: it accepted " + command);
            }
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
            return new Outcome(process.exitValue(), lines);
        } finally {
            process.destroyForcibly();
        }
    }
}
