package io.spate.cli.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the Spate build lives and how to launch its apps: the packaged Quarkus jars, run by the
 * same Java as this process, with the JVM options of {@code SPATE_JAVA_OPTS}.
 */
public record SpateHome(Path root) {

  /** {@code -Dspate.home}, else {@code $SPATE_HOME}, else the working directory. */
  public static SpateHome detect() {
    String configured = System.getProperty("spate.home", System.getenv("SPATE_HOME"));
    return new SpateHome(Path.of(configured != null ? configured : "").toAbsolutePath().normalize());
  }

  public Path coordinatorJar() {
    return root.resolve("coordinator/target/quarkus-app/quarkus-run.jar");
  }

  public Path executorJar() {
    return root.resolve("executor/target/quarkus-app/quarkus-run.jar");
  }

  /** The command to start the coordinator; the last two elements are {@code -jar <jar>}. */
  public List<String> coordinatorCommand() {
    return javaCommand(coordinatorJar());
  }

  public List<String> executorCommand() {
    return javaCommand(executorJar());
  }

  private List<String> javaCommand(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build first with ./mvnw package -DskipTests");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    String opts = System.getenv("SPATE_JAVA_OPTS");
    if (opts != null && !opts.isBlank()) {
      cmd.addAll(List.of(opts.trim().split("\\s+")));
    }
    cmd.add("-jar");
    cmd.add(jar.toString());
    return cmd;
  }
}
