package io.spate.bench.rpc;

import io.spate.rpc.HostAndPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 1,000 simulated executors in this process behind one gRPC server, heartbeated by a coordinator in
 * another process (run it with a short spate.heartbeat.interval). Reports heartbeats answered,
 * executors lost, the coordinator's heartbeat RTT over the measured window (from the difference of
 * two /q/metrics histogram scrapes, so start-up does not count) and its CPU use (from
 * /proc/<pid>/stat).
 *
 * <p>Usage: {@code ManyExecutorsHeartbeat host:port coordinatorPid [executors] [seconds]}
 */
public final class ManyExecutorsHeartbeat {

    private static final Pattern GAUGE_LINE = Pattern.compile("(?m)^(\\S+?)(\\{[^}]*\\})? (\\S+)$");

    private ManyExecutorsHeartbeat() {}

    public static void main(String[] args) throws Exception {
        HostAndPort coordinator = HostAndPort.parse(args[0]);
        long pid = Long.parseLong(args[1]);
        int executors = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        HttpClient http = HttpClient.newHttpClient();
        URI metrics = URI.create("http://" + coordinator + "/q/metrics");
        try (SimulatedExecutors sim = new SimulatedExecutors(coordinator)) {
            for (int i = 0; i < executors; i++) {
                sim.register(String.format("sim-%04d", i));
            }
            Thread.sleep(5000); // let heartbeats settle in (and the JIT warm up) before measuring
            RttBuckets rttBefore = RttBuckets.scrape(scrape(http, metrics));
            long answeredBefore = sim.heartbeatsAnswered();
            long cpuBefore = cpuTicks(pid);
            long start = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(seconds));
            double elapsed = (System.nanoTime() - start) / 1e9;
            long cpuTicks = cpuTicks(pid) - cpuBefore;
            long answered = sim.heartbeatsAnswered() - answeredBefore;
            String text = scrape(http, metrics);
            double registered = metric(text, "spate_executors_registered", "");
            RttBuckets rtt = RttBuckets.scrape(text).minus(rttBefore);
            // USER_HZ is 100 on Linux; CPU% is of one core.
            double cpuPercent = cpuTicks / 100.0 / elapsed * 100;
            System.out.printf(
                    "many-executors executors=%d seconds=%.1f heartbeats_answered=%d heartbeats_per_s=%.0f"
                            + " refused=%d lost=%d rtt_mean_ms=%.2f rtt_p50_ms<=%s rtt_p99_ms<=%s"
                            + " coordinator_cpu_pct=%.1f%n",
                    executors,
                    elapsed,
                    answered,
                    answered / elapsed,
                    sim.heartbeatsRefused(),
                    executors - (long) registered,
                    rtt.meanMillis(),
                    rtt.percentileMillis(0.50),
                    rtt.percentileMillis(0.99),
                    cpuPercent);
        }
    }

    private static String scrape(HttpClient http, URI metrics) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(metrics).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** utime + stime of a process, in clock ticks. */
    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // Fields after the command name (which may contain spaces) start after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of stat
    }

    private static double metric(String text, String name, String label) {
        Matcher m = GAUGE_LINE.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(name)
                    && (label.isEmpty() || (m.group(2) != null && m.group(2).contains(label)))) {
                return Double.parseDouble(m.group(3));
            }
        }
        throw new IllegalStateException(
                "metric " + name + " " + label + " not found on /q/metrics");
    }
}
