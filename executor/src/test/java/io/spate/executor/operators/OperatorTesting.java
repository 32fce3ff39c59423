package io.spate.executor.operators;

import io.spate.clock.Clock;
import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.JobVertex;
import io.spate.jobgraph.OperatorSpec;
import io.spate.jobspec.JobGraphCompiler;
import io.spate.jobspec.JobSpecFormat;
import io.spate.jobspec.JobSpecParser;
import io.spate.record.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Operator specs from real compiled job specs, an output that keeps copies of rows, and metrics
 * that keep what was reported.
 */
final class OperatorTesting {

    private OperatorTesting() {}

    /** The spec of the operator called {@code name} in the compiled {@code yaml}. */
    static OperatorSpec spec(String yaml, String name) throws Exception {
        JobGraph graph = JobGraphCompiler.compile(JobSpecParser.parse(yaml, JobSpecFormat.YAML));
        for (JobVertex vertex : graph.vertices()) {
            for (OperatorSpec spec : vertex.chain()) {
                if (spec.name().equals(name)) {
                    return spec;
                }
            }
        }
        throw new AssertionError("no operator " + name + " in " + graph);
    }

    static OperatorContext context(OperatorSpec spec, int subtask, int parallelism, Clock clock) {
        return new OperatorContext(spec, "job-1", "test", "vertex", subtask, parallelism, 0, clock);
    }

    /** Keeps a detached copy of every emitted row. */
    static final class CollectingOutput implements Output {
        final List<Row> rows = new ArrayList<>();

        @Override
        public void emit(Row row) {
            rows.add(new Row(row.schema()).copyFrom(row));
        }

        List<String> strings(int field) {
            return rows.stream().map(r -> r.getString(field)).toList();
        }
    }

    /** Keeps what an operator reports, as the task's metrics message would hold it. */
    static final class RecordedMetrics implements OperatorMetrics {
        final Map<String, Double> gauges = new HashMap<>();
        byte[] latencyHistogram;

        @Override
        public void gauge(String name, double value) {
            gauges.put(name, value);
        }

        @Override
        public void latencyHistogram(byte[] compressedEncoding) {
            latencyHistogram = compressedEncoding.clone();
        }
    }
}
