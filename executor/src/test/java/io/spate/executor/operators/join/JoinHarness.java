package io.spate.executor.operators.join;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.clock.ManualClock;
import io.spate.executor.operators.OperatorContext;
import io.spate.executor.operators.OperatorMetrics;
import io.spate.executor.state.ManualProcessingTimers;
import io.spate.jobgraph.JobEdge;
import io.spate.jobgraph.KeyGroups;
import io.spate.jobgraph.OperatorSpec;
import io.spate.jobgraph.Partitioning;
import io.spate.record.Row;
import io.spate.record.Schema;
import io.spate.transform.Joins;
import io.spate.transform.TransformCatalog;
import io.spate.transform.TransformConfig;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code parallelism} Join operators of one spec, fed as a job would: each side's rows routed by
 * its key's group, watermarks to every subtask, processing time by hand; the output kept as
 * strings.
 */
final class JoinHarness {

    static final int MAX_PARALLELISM = 128;

    final OperatorSpec spec;
    final List<JobEdge> edges;
    final int parallelism;
    final ManualProcessingTimers time;
    final List<JoinOperator> operators = new ArrayList<>();
    final List<String> out = new ArrayList<>();
    private final int[] keyFields = new int[2];

    JoinHarness(OperatorSpec spec, List<JobEdge> edges, int parallelism, long startMillis) {
        this.spec = spec;
        this.edges = edges;
        this.parallelism = parallelism;
        this.time = new ManualProcessingTimers(startMillis);
        for (int s = 0; s < 2; s++) {
            JobEdge e = edges.get(s);
            keyFields[s] = e.schema().indexOf(e.keyField().orElseThrow());
        }
        for (int s = 0; s < parallelism; s++) {
            operators.add(new JoinOperator(context(s), row -> out.add(row.toString())));
        }
    }

    /**
     * The spec and edges of a Join of {@code left} and {@code right} (inputs "l" and "r", keyed by
     * the fields given, event time in {@code t} when both have one), its output schema as the
     * resolver gives it.
     */
    static JoinHarness of(
            TransformConfig config,
            Schema left,
            String leftKey,
            Schema right,
            String rightKey,
            int parallelism)
            throws Exception {
        Optional<String> lt = left.indexOf("t") >= 0 ? Optional.of("t") : Optional.empty();
        Optional<String> rt = right.indexOf("t") >= 0 ? Optional.of("t") : Optional.empty();
        List<String> problems = new ArrayList<>();
        Schema output =
                Joins.outputSchema(
                                left,
                                "l",
                                lt,
                                right,
                                "r",
                                rt,
                                config,
                                (k, m) -> problems.add(k + ": " + m))
                        .orElseThrow(() -> new AssertionError(problems.toString()));
        OperatorSpec spec =
                new OperatorSpec(
                        "j",
                        TransformCatalog.JOIN,
                        config,
                        Optional.of(left),
                        Optional.of(output),
                        Optional.empty(),
                        Optional.empty());
        List<JobEdge> edges =
                List.of(
                        new JobEdge(
                                "l",
                                Partitioning.HASH,
                                Optional.of(leftKey),
                                Optional.empty(),
                                left,
                                lt),
                        new JobEdge(
                                "r",
                                Partitioning.HASH,
                                Optional.of(rightKey),
                                Optional.empty(),
                                right,
                                rt));
        JoinHarness h = new JoinHarness(spec, edges, parallelism, 0);
        h.open();
        return h;
    }

    private OperatorContext context(int subtask) {
        return new OperatorContext(
                spec,
                "job",
                "test",
                "Join",
                subtask,
                parallelism,
                0,
                new ManualClock(),
                MAX_PARALLELISM,
                Duration.ofMillis(200),
                time,
                name -> row -> {},
                edges);
    }

    /** As a task starts: after any restore. */
    void open() throws Exception {
        for (JoinOperator op : operators) {
            op.open();
        }
    }

    Row leftRow() {
        return new Row(edges.get(0).schema());
    }

    Row rightRow() {
        return new Row(edges.get(1).schema());
    }

    private JoinOperator route(int side, Row row) {
        int hash = row.hashField(keyFields[side]);
        return operators.get(KeyGroups.subtaskOfKey(hash, MAX_PARALLELISM, parallelism));
    }

    void left(Row row) throws Exception {
        route(0, row).processRecord1(row);
    }

    void right(Row row) throws Exception {
        route(1, row).processRecord2(row);
    }

    void watermark(long watermark) throws Exception {
        for (JoinOperator op : operators) {
            op.processWatermark(watermark);
        }
    }

    void advanceTimeTo(long millis) {
        time.advanceTo(millis);
    }

    /** As the task ends: the max watermark, then finish. */
    void finish() throws Exception {
        watermark(Long.MAX_VALUE);
        for (JoinOperator op : operators) {
            op.finish();
        }
    }

    /** Every subtask's snapshot. */
    List<byte[]> snapshot() throws Exception {
        return io.spate.executor.operators.OperatorSnapshots.of(operators, 1);
    }

    /** A fresh harness of {@code parallelism} restored from all of {@code snapshots}. */
    JoinHarness restoredAt(int parallelism, List<byte[]> snapshots) throws Exception {
        JoinHarness h = new JoinHarness(spec, edges, parallelism, time.currentTimeMillis());
        for (JoinOperator op : h.operators) {
            for (byte[] snap : snapshots) {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(snap));
                op.restoreState(in);
                assertThat(in.available()).as("bytes left after a restore").isZero();
            }
        }
        h.open();
        h.out.addAll(out);
        return h;
    }

    long lateRecords() {
        return operators.stream().mapToLong(JoinOperator::lateRecords).sum();
    }

    long stateRows() {
        return operators.stream().mapToLong(JoinOperator::stateRows).sum();
    }

    long stateEntries() {
        return operators.stream().mapToLong(JoinOperator::stateEntries).sum();
    }

    /** The gauges of all subtasks, summed. */
    Map<String, Double> metrics() {
        Map<String, Double> sum = new HashMap<>();
        for (JoinOperator op : operators) {
            op.reportMetrics(
                    new OperatorMetrics() {
                        @Override
                        public void gauge(String name, double value) {
                            sum.merge(name, value, Double::sum);
                        }

                        @Override
                        public void latencyHistogram(byte[] compressedEncoding) {}
                    });
        }
        return sum;
    }
}
