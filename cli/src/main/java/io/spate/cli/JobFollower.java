package io.spate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.cli.rest.CoordinatorClient;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Follows a submitted job over REST until it ends: a live progress line on a terminal, then a
 * summary. Its result is the CLI's exit code (0 FINISHED, 1 FAILED or CANCELED).
 */
final class JobFollower {

    private static final Set<String> TERMINAL = Set.of("FINISHED", "FAILED", "CANCELED");
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration RATE_SPAN = Duration.ofSeconds(2);

    private final CoordinatorClient client;
    private final PrintStream out;
    private final boolean terminal;

    JobFollower(CoordinatorClient client, PrintStream out, boolean terminal) {
        this.client = client;
        this.out = out;
        this.terminal = terminal;
    }

    /** Blocks until the job ends; returns the exit code. */
    int follow(String jobId) throws IOException, InterruptedException {
        long lastRecords = 0;
        long lastNanos = System.nanoTime();
        long lastPlainLine = 0;
        double rate = 0;
        JsonNode job;
        while (true) {
            CoordinatorClient.Answer answer = client.get("jobs/" + jobId);
            if (!answer.ok()) {
                throw new IOException(
                        "GET /jobs/"
                                + jobId
                                + " answered "
                                + answer.status()
                                + ": "
                                + answer.body());
            }
            job = answer.body();
            String state = job.path("state").asText();
            if (TERMINAL.contains(state)) {
                break;
            }
            long records = sourceRecords(job);
            long now = System.nanoTime();
            // The metrics behind the count refresh about once a second, faster than we poll: a
            // rate over one poll would read 0 most of the time, so it spans at least RATE_SPAN.
            if (now - lastNanos >= RATE_SPAN.toNanos()) {
                rate = (records - lastRecords) * 1e9 / (now - lastNanos);
                lastRecords = records;
                lastNanos = now;
            }
            JsonNode checkpoints = client.get("jobs/" + jobId + "/checkpoints").body();
            String line =
                    String.format(
                            Locale.ROOT,
                            "%-10s %,14d records  %,12.0f rec/s  checkpoints %d  restored %d  %5.1f s",
                            state,
                            records,
                            rate,
                            checkpoints.path("counts").path("completed").asLong(),
                            checkpoints.path("counts").path("restored").asLong(),
                            (System.currentTimeMillis()
                                            - job.path("start-time")
                                                    .asLong(System.currentTimeMillis()))
                                    / 1000.0);
            if (terminal) {
                out.print("\r" + line);
                out.flush();
            } else if (now - lastPlainLine > 5_000_000_000L) {
                out.println(line);
                lastPlainLine = now;
            }
            Thread.sleep(POLL.toMillis());
        }
        if (terminal) {
            out.println();
        }
        printSummary(jobId, job);
        return "FINISHED".equals(job.path("state").asText()) ? 0 : 1;
    }

    /** Records emitted by the job's sources: the write-records of vertices that read nothing. */
    static long sourceRecords(JsonNode job) {
        long sum = 0;
        for (JsonNode v : job.path("vertices")) {
            JsonNode m = v.path("metrics");
            if (m.path("read-records").asLong() == 0) {
                sum += m.path("write-records").asLong();
            }
        }
        return sum;
    }

    private void printSummary(String jobId, JsonNode job) throws IOException {
        String state = job.path("state").asText();
        long duration = job.path("duration").asLong();
        out.printf(
                Locale.ROOT,
                "job %s (%s) %s in %.2f s%n",
                job.path("name").asText(),
                jobId,
                state,
                duration / 1000.0);
        for (JsonNode v : job.path("vertices")) {
            JsonNode m = v.path("metrics");
            out.printf(
                    Locale.ROOT,
                    "  %-45s x%d  in %,12d  out %,12d%s%n",
                    v.path("name").asText(),
                    v.path("parallelism").asInt(),
                    m.path("read-records").asLong(),
                    m.path("write-records").asLong(),
                    latency(m));
        }
        if (duration > 0) {
            out.printf(
                    Locale.ROOT,
                    "  throughput: %,.0f records/s from the sources%n",
                    sourceRecords(job) * 1000.0 / duration);
        }
        JsonNode checkpoints = client.get("jobs/" + jobId + "/checkpoints").body();
        JsonNode latest = checkpoints.path("latest").path("completed");
        if (!latest.isMissingNode() && !latest.isNull()) {
            out.printf(
                    Locale.ROOT,
                    "  checkpoints: %d completed, %d failed, restored %d times; last #%d in %d ms, %,d bytes%n",
                    checkpoints.path("counts").path("completed").asLong(),
                    checkpoints.path("counts").path("failed").asLong(),
                    checkpoints.path("counts").path("restored").asLong(),
                    latest.path("id").asLong(),
                    latest.path("end_to_end_duration").asLong(),
                    latest.path("state_size").asLong());
        }
        if (!"FINISHED".equals(state) || checkpoints.path("counts").path("restored").asLong() > 0) {
            JsonNode ex = client.get("jobs/" + jobId + "/exceptions").body();
            String root = ex.path("root-exception").asText("");
            if (!root.isEmpty()) {
                out.println(
                        ("FINISHED".equals(state) ? "  last failure: " : "  root exception: ")
                                + firstLine(root));
            }
        }
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private static String latency(JsonNode m) {
        if (!m.has("latency-p99-us")) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                "  latency p50 %.0f µs  p99 %.0f µs  p99.9 %.0f µs  max %.0f µs (n=%d)",
                m.path("latency-p50-us").asDouble(),
                m.path("latency-p99-us").asDouble(),
                m.path("latency-p999-us").asDouble(),
                m.path("latency-max-us").asDouble(),
                m.path("latency-count").asLong());
    }
}
