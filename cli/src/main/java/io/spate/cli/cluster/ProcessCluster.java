package io.spate.cli.cluster;

import io.spate.cli.rest.CoordinatorClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A coordinator and executors as real OS processes on this machine (the deployment shape, unlike
 * Flink's in-JVM MiniCluster). Used by {@code ./spate local|cluster} and the end-to-end tests.
 */
public final class ProcessCluster implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    /**
     * Where a local cluster listens by default. Without a token and TLS every port is open to
     * whoever reaches it (src-docs/security.md), so a cluster meant for one machine binds loopback
     * only.
     */
    public static final String LOOPBACK = "127.0.0.1";

    private final SpateHome home;
    private final Path workDir;
    private final Map<String, String> commonProperties;
    private final List<ManagedProcess> processes = new ArrayList<>();
    private final List<ManagedProcess> stopped = new ArrayList<>();
    private int coordinatorPort = -1;
    private ManagedProcess coordinator;
    private int executorCount;

    /**
     * @param workDir logs go to {@code workDir/logs}
     * @param commonProperties system properties given to every process (e.g. spate.auth.token);
     *     {@code spate.checkpoints.dir} defaults to {@code workDir/checkpoints}; {@code
     *     quarkus.http.host} to {@value #LOOPBACK}: a local cluster is reachable from this machine
     *     only (its processes' HTTP, gRPC and data ports), unless a wider address is given
     */
    public ProcessCluster(SpateHome home, Path workDir, Map<String, String> commonProperties) {
        this.home = home;
        this.workDir = workDir;
        Map<String, String> common = new LinkedHashMap<>(commonProperties);
        // Checkpoints must be shared by every process of the cluster: one directory of its own.
        common.putIfAbsent(
                "spate.checkpoints.dir",
                workDir.resolve("checkpoints").toAbsolutePath().toString());
        common.putIfAbsent("quarkus.http.host", LOOPBACK);
        this.commonProperties = Map.copyOf(common);
    }

    /** Starts the coordinator on a free port (or the one given as quarkus.http.port). */
    public synchronized ManagedProcess startCoordinator(Map<String, String> properties) {
        Map<String, String> props = new LinkedHashMap<>(commonProperties);
        props.putAll(properties);
        if (coordinator != null && coordinator.alive()) {
            throw new IllegalStateException("the coordinator is running already: " + coordinator);
        }
        if (coordinatorPort < 0) {
            coordinatorPort =
                    props.containsKey("quarkus.http.port")
                            ? Integer.parseInt(props.get("quarkus.http.port"))
                            : freePort();
        }
        props.put("quarkus.http.port", Integer.toString(coordinatorPort));
        coordinator = start("coordinator", home.coordinatorCommand(), props);
        return coordinator;
    }

    /** Starts an executor registering with this cluster's coordinator, on any free ports. */
    public synchronized ManagedProcess startExecutor(Map<String, String> properties) {
        if (coordinatorPort < 0) {
            throw new IllegalStateException("start the coordinator first");
        }
        Map<String, String> props = new LinkedHashMap<>(commonProperties);
        props.put("quarkus.http.port", "0");
        props.put("spate.coordinator.address", host() + ":" + coordinatorPort);
        if (LOOPBACK.equals(props.get("quarkus.http.host"))) {
            // the executor binds its data port to a loopback advertised host too
            props.put("spate.advertised-host", LOOPBACK);
        }
        props.putAll(properties);
        return start("executor-" + (++executorCount), home.executorCommand(), props);
    }

    public int coordinatorPort() {
        return coordinatorPort;
    }

    /** {@code https://} when the cluster's processes have {@code spate.tls.enabled=true}. */
    public URI coordinatorUri() {
        String scheme = tls() ? "https://" : "http://";
        return URI.create(scheme + host() + ":" + coordinatorPort + "/");
    }

    /** Whether the common properties turn TLS on (then the REST port speaks HTTPS only). */
    public boolean tls() {
        return "true".equalsIgnoreCase(commonProperties.getOrDefault("spate.tls.enabled", ""));
    }

    /** The host the cluster's processes are reached at: their bind address unless a wildcard. */
    private String host() {
        String bind = commonProperties.get("quarkus.http.host");
        return bind.equals("0.0.0.0") || bind.equals("::") ? "localhost" : bind;
    }

    public ManagedProcess coordinator() {
        return coordinator;
    }

    public synchronized List<ManagedProcess> processes() {
        return List.copyOf(processes);
    }

    /**
     * Waits until {@code count} executors are registered. Fails early, with the log's tail, when a
     * process of the cluster died meanwhile.
     */
    public void awaitExecutors(CoordinatorClient client, int count, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = -1;
        while (System.nanoTime() < deadline) {
            checkAlive();
            try {
                CoordinatorClient.Answer overview = client.get("overview");
                if (overview.ok()) {
                    seen = overview.body().path("taskmanagers").asInt(-1);
                    if (seen >= count) {
                        return;
                    }
                }
            } catch (IOException notYetUp) {
                // the coordinator is still starting
            }
            pause(100);
        }
        throw new IOException(
                "only "
                        + Math.max(seen, 0)
                        + " of "
                        + count
                        + " executors registered within "
                        + timeout.toSeconds()
                        + " s; logs in "
                        + workDir.resolve("logs"));
    }

    /** Throws with the log's tail if any started process has exited. */
    public synchronized void checkAlive() throws IOException {
        for (ManagedProcess p : processes) {
            if (!p.alive() && !stopped.contains(p)) {
                throw new IOException(
                        p.name()
                                + " exited; its first error lines:\n"
                                + errors(p.log(), 10)
                                + "\nlast log lines:\n"
                                + tail(p.log(), 15));
            }
        }
    }

    /**
     * {@code kill -9} one process of the cluster (failure tests); {@link #checkAlive} then ignores
     * it.
     */
    public void kill(ManagedProcess p) {
        synchronized (this) {
            stopped.add(p);
        }
        p.kill();
    }

    /** Stops one process gracefully; {@link #checkAlive} then ignores it. */
    public void stop(ManagedProcess p) {
        synchronized (this) {
            stopped.add(p);
        }
        p.stop(STOP_GRACE);
    }

    @Override
    public synchronized void close() {
        // Executors first, so they do not spend their last seconds re-registering.
        for (int i = processes.size() - 1; i >= 0; i--) {
            ManagedProcess p = processes.get(i);
            if (p != coordinator) {
                p.stop(STOP_GRACE);
            }
        }
        if (coordinator != null) {
            coordinator.stop(STOP_GRACE);
        }
    }

    private synchronized ManagedProcess start(
            String name, List<String> command, Map<String, String> props) {
        try {
            Path logs = Files.createDirectories(workDir.resolve("logs"));
            Path log = logs.resolve(name + ".log");
            List<String> cmd = new ArrayList<>(command.subList(0, command.size() - 2));
            props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
            cmd.addAll(command.subList(command.size() - 2, command.size()));
            ProcessBuilder pb =
                    new ProcessBuilder(cmd)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.directory(home.root().toFile());
            ManagedProcess p = new ManagedProcess(name, pb.start(), log);
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + " with " + command, e);
        }
    }

    /**
     * A port that was free a moment ago, for a process that binds it a second or two later. It is
     * drawn below the kernel's ephemeral range ({@code ip_local_port_range}): a port from that
     * range can be taken meanwhile by any outgoing connection on the machine (every executor's gRPC
     * and data connections, a test's thousands of hostile ones), one below it only by another
     * listener asking for it by number.
     */
    public static int freePort() {
        int low = ephemeralLow();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; low > FIRST_FIXED_PORT + 1000 && attempt < 50; attempt++) {
            int port = random.nextInt(FIRST_FIXED_PORT, low);
            if (bindable(port)) {
                return port;
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /** Above the well-known and commonly configured ports (8081, 9092, ...). */
    private static final int FIRST_FIXED_PORT = 20_000;

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range; Linux's default when unreadable. */
    static int ephemeralLow() {
        try {
            // Line by line: Files.readString (readAllBytes) of this procfs file gives "3" on
            // JDK 25.0.3, its first byte only (procfs reports a size of 0).
            String range =
                    Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                            .getFirst();
            return Integer.parseInt(range.trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException notLinux) {
            return 32_768;
        }
    }

    /** The log's lines that say what went wrong (ERROR, an exception, its cause), first ones. */
    static String errors(Path log, int lines) {
        try (Stream<String> all = Files.lines(log)) {
            return String.join(
                    "\n",
                    all.filter(
                                    l ->
                                            l.contains("ERROR")
                                                    || l.contains("Exception:")
                                                    || l.startsWith("Caused by"))
                            .limit(lines)
                            .toList());
        } catch (IOException | UncheckedIOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Optional<ManagedProcess> find(String name) {
        return processes().stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
