package io.spate.cli.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the Spate build lives and how to launch its apps: the fast-start launchers of
 * native-build/launchers.sh (trimmed runtime + AOT cache) when they were built from the current
 * jars, else the packaged Quarkus jars run by the same Java as this process; with the JVM options
 * of {@code SPATE_JAVA_OPTS} either way. {@code SPATE_LAUNCHERS=off} forces the jars.
 */
public record SpateHome(Path root) {

    /** {@code -Dspate.home}, else {@code $SPATE_HOME}, else the working directory. */
    public static SpateHome detect() {
        String configured = System.getProperty("spate.home", System.getenv("SPATE_HOME"));
        return new SpateHome(
                Path.of(configured != null ? configured : "").toAbsolutePath().normalize());
    }

    public Path coordinatorJar() {
        return root.resolve("coordinator/target/quarkus-app/quarkus-run.jar");
    }

    public Path executorJar() {
        return root.resolve("executor/target/quarkus-app/quarkus-run.jar");
    }

    /** {@code native-build/target/launchers/<app>/bin/spate-<app>}, built or not. */
    public Path launcher(String app) {
        return launcherDir(app).resolve("bin/spate-" + app);
    }

    /** The command to start the coordinator; the last two elements are {@code -jar <jar>}. */
    public List<String> coordinatorCommand() {
        return command("coordinator", coordinatorJar());
    }

    public List<String> executorCommand() {
        return command("executor", executorJar());
    }

    /** True when {@link #coordinatorCommand()} and {@link #executorCommand()} use the launchers. */
    public boolean usesLaunchers() {
        return launcherIsCurrent("coordinator", coordinatorJar())
                && launcherIsCurrent("executor", executorJar());
    }

    private List<String> command(String app, Path jar) {
        if (usesLaunchers()) {
            // The launcher is `java` with the trimmed runtime, its AOT cache and tuned options; the
            // cluster puts -D options before `-jar`, as for plain java.
            List<String> cmd = new ArrayList<>();
            cmd.add(launcher(app).toString());
            cmd.addAll(javaOpts());
            cmd.add("-jar");
            cmd.add(launcherDir(app).resolve("app/quarkus-run.jar").toString());
            return cmd;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build first with ./mvnw package -DskipTests");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(javaOpts());
        cmd.add("-jar");
        cmd.add(jar.toString());
        return cmd;
    }

    private Path launcherDir(String app) {
        return root.resolve("native-build/target/launchers").resolve(app);
    }

    /**
     * A launcher is used only when it is at least as new as the plain jar: a rebuild after a source
     * change (./spate does that) makes the jar newer, and the stale launcher is passed over.
     */
    private boolean launcherIsCurrent(String app, Path jar) {
        if ("off".equalsIgnoreCase(System.getenv("SPATE_LAUNCHERS"))) {
            return false;
        }
        Path launcher = launcher(app);
        Path launcherJar = launcherDir(app).resolve("app/quarkus-run.jar");
        if (!Files.isExecutable(launcher) || !Files.isRegularFile(launcherJar)) {
            return false;
        }
        try {
            return !Files.isRegularFile(jar)
                    || Files.getLastModifiedTime(launcherJar)
                                    .compareTo(Files.getLastModifiedTime(jar))
                            >= 0;
        } catch (IOException unreadable) {
            return false;
        }
    }

    /**
     * JVM options for every process: {@code -XX:+ExitOnOutOfMemoryError} first (a process out of
     * heap is a zombie that still answers heartbeats; exiting lets the cluster restart its tasks
     * elsewhere), then {@code $SPATE_JAVA_OPTS}, which win.
     */
    private static List<String> javaOpts() {
        List<String> all = new ArrayList<>(List.of("-XX:+ExitOnOutOfMemoryError"));
        String opts = System.getenv("SPATE_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            all.addAll(List.of(opts.trim().split("\\s+")));
        }
        return all;
    }
}
