package io.spate.bench.flink.nexmark;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.RowKind;

/**
 * The official Nexmark SQL (nexmark-flink's queries/qN.sql, master) on Flink 1.20 over Spate's
 * deterministic Nexmark events: one MiniCluster of 2 task managers x 1 slot, parallelism 2 (Spate's
 * p = 2 on 2 executors x 1 slot), heap state, no checkpoints, the official table options
 * (nexmark-flink's sql-client-defaults.yaml: mini-batch 2 s / 50000, distinct-agg split; {@code
 * -Dnexmark.minibatch=false} turns mini-batch off; {@code -Dnexmark.objectReuse=true} turns on
 * object reuse, off there). The source is the official {@code datagen}
 * table ({@code ddl_gen.sql}: event_type + person/auction/bid ROWs, WATERMARK dateTime - 4 s) over
 * {@link NexmarkSourceFunction}; the views are the official {@code ddl_views.sql}; each query's
 * text is used as published except {@code 'connector' = 'blackhole'} → {@code
 * 'counting-blackhole'} (the same sink, counting what it discards).
 *
 * <p>Arguments: events, runs, queries (q0 q1 ...). The MiniCluster is started once and reused: a
 * query's run 1 plans and generates code for it (and run 1 of the first query also warms up the JVM
 * and the cluster), later runs re-submit the same planned INSERT. Prints per run: {@code
 * FLINK-NEXMARK q<N> run=<i> events=<n> seconds=<s> events_per_s=<r> cpu_s=<c> out_rows=<rows>
 * plan_s=<s> [inserts= updates= deletes= final_rows=]} with seconds from the job's submission
 * (executeSql returning) to FINISHED, plan_s the time executeSql took before (SQL planning, code
 * generation, the JobGraph), cpu_s the JVM's process CPU from submission to FINISHED, out_rows
 * every row that reached the sink (for an updating query: the changelog rows, and final_rows =
 * inserts - deletes, the rows an upsert table would hold).
 */
public final class FlinkNexmark {

    public static void main(String[] args) throws Exception {
        long events = Long.parseLong(args[0]);
        int runs = Integer.parseInt(args[1]);
        List<String> queries = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            for (String q : args[i].trim().split("[\\s,]+")) {
                if (!q.isEmpty()) {
                    queries.add(q);
                }
            }
        }
        long rate = Long.getLong("nexmark.rate", 10_000_000L);
        int splits = Integer.getInteger("nexmark.splits", 2);
        boolean miniBatch = Boolean.parseBoolean(System.getProperty("nexmark.minibatch", "true"));

        Configuration conf = new Configuration();
        conf.setString("taskmanager.numberOfTaskSlots", "1");
        conf.setString("minicluster.number-of-taskmanagers", "2");
        conf.setString("parallelism.default", "2");
        conf.setString("state.backend.type", "hashmap");
        conf.setString("pipeline.auto-watermark-interval", "200 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        if (Boolean.getBoolean("nexmark.objectReuse")) { // off in the official setup
            env.getConfig().enableObjectReuse();
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean();

        String ddl =
                resource("ddl_gen.sql")
                        .replace("${TPS}", Long.toString(rate))
                        .replace("${EVENTS_NUM}", Long.toString(events))
                        .replace("${SPLITS}", Integer.toString(splits));
        String views = resource("ddl_views.sql").replace("${NEXMARK_TABLE}", "datagen");
        for (String q : queries) {
            StreamTableEnvironment tEnv =
                    StreamTableEnvironment.create(
                            env, EnvironmentSettings.newInstance().inStreamingMode().build());
            if (miniBatch) {
                tEnv.getConfig().set("table.exec.mini-batch.enabled", "true");
                tEnv.getConfig().set("table.exec.mini-batch.allow-latency", "2s");
                tEnv.getConfig().set("table.exec.mini-batch.size", "50000");
            }
            tEnv.getConfig().set("table.optimizer.distinct-agg.split.enabled", "true");
            tEnv.getConfig().set("pipeline.name", "nexmark-" + q);
            List<String> statements = new ArrayList<>();
            statements.addAll(split(ddl));
            statements.addAll(split(views));
            statements.addAll(
                    split(
                            resource(q + ".sql")
                                    .replace(
                                            "'connector' = 'blackhole'",
                                            "'connector' = 'counting-blackhole'")));
            String insert = statements.remove(statements.size() - 1);
            if (!insert.regionMatches(true, 0, "INSERT", 0, 6)) {
                throw new IllegalStateException(q + ": the last statement is no INSERT: " + insert);
            }
            for (String s : statements) {
                tEnv.executeSql(s);
            }
            if (Boolean.getBoolean("nexmark.explain")) {
                System.out.println(tEnv.explainSql(insert));
            }
            for (int run = 1; run <= runs; run++) {
                CountingBlackHoleSinkFactory.reset();
                long t0 = System.nanoTime();
                TableResult result = tEnv.executeSql(insert);
                long submitted = System.nanoTime();
                long cpu0 = os.getProcessCpuTime();
                JobClient client = result.getJobClient().orElseThrow();
                JobExecutionResult done = client.getJobExecutionResult().get();
                long t1 = System.nanoTime();
                long cpu1 = os.getProcessCpuTime();
                long[] c = CountingBlackHoleSinkFactory.counts();
                long inserts = c[RowKind.INSERT.ordinal()];
                long ub = c[RowKind.UPDATE_BEFORE.ordinal()];
                long ua = c[RowKind.UPDATE_AFTER.ordinal()];
                long deletes = c[RowKind.DELETE.ordinal()];
                double seconds = (t1 - submitted) / 1e9;
                StringBuilder line = new StringBuilder();
                line.append(
                        String.format(
                                "FLINK-NEXMARK %s run=%d events=%d seconds=%.3f events_per_s=%.0f"
                                        + " cpu_s=%.2f out_rows=%d plan_s=%.3f",
                                q,
                                run,
                                events,
                                seconds,
                                events / seconds,
                                (cpu1 - cpu0) / 1e9,
                                inserts + ub + ua + deletes,
                                (submitted - t0) / 1e9));
                if (ub + ua + deletes > 0) {
                    line.append(
                            String.format(
                                    " inserts=%d updates=%d deletes=%d final_rows=%d",
                                    inserts, ub + ua, deletes, inserts - deletes));
                }
                line.append(String.format(" net_runtime_ms=%d load1=%s", done.getNetRuntime(), load1()));
                System.out.println(line);
                System.out.flush();
            }
        }
        System.exit(0);
    }

    /** The statements of a script: whole-line comments dropped, split at a ';' ending a line. */
    static List<String> split(String script) {
        StringBuilder b = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.trim().startsWith("--")) {
                b.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        for (String s : b.toString().split(";\\s*(\n|$)")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = FlinkNexmark.class.getResourceAsStream("/nexmark/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no query " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String load1() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
