package io.spate.executor.operators.userfunction;

import io.spate.api.KeyedState;
import io.spate.api.Metrics;
import io.spate.api.RuntimeContext;
import io.spate.executor.operators.OperatorContext;
import io.spate.executor.operators.OperatorMetrics;
import io.spate.record.Row;
import io.spate.record.Schema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * A function's {@link RuntimeContext} and {@link Metrics}: counters and gauges are reported as the
 * task's gauges {@code <transform>.<name>} with the operator's metrics. Task thread only.
 */
class FunctionRuntime implements RuntimeContext, Metrics {

    private final OperatorContext context;
    private final Schema input;
    private final Schema output;
    private final Map<String, CounterImpl> counters = new LinkedHashMap<>();
    private final Map<String, DoubleSupplier> gauges = new LinkedHashMap<>();
    private KeyedState state;

    FunctionRuntime(OperatorContext context) {
        this.context = context;
        this.input = context.spec().inputSchema().orElseThrow();
        this.output = context.spec().outputSchema().orElseThrow();
    }

    void keyedState(KeyedState state) {
        this.state = state;
    }

    @Override
    public String jobName() {
        return context.jobName();
    }

    @Override
    public String transformName() {
        return context.spec().name();
    }

    @Override
    public int subtaskIndex() {
        return context.subtaskIndex();
    }

    @Override
    public int parallelism() {
        return context.parallelism();
    }

    @Override
    public int attemptNumber() {
        return context.attemptNumber();
    }

    @Override
    public Schema inputSchema() {
        return input;
    }

    @Override
    public Schema outputSchema() {
        return output;
    }

    @Override
    public Metrics metrics() {
        return this;
    }

    @Override
    public KeyedState state() {
        if (state == null) {
            throw new UnsupportedOperationException(
                    transformName()
                            + ": keyed state is for a KeyedProcessFunction (after a KeyBy)");
        }
        return state;
    }

    @Override
    public Counter counter(String name) {
        return counters.computeIfAbsent(name, n -> new CounterImpl());
    }

    @Override
    public void gauge(String name, DoubleSupplier value) {
        gauges.put(name, value);
    }

    void report(OperatorMetrics metrics) {
        String prefix = transformName() + ".";
        counters.forEach((name, c) -> metrics.gauge(prefix + name, c.count));
        gauges.forEach((name, g) -> metrics.gauge(prefix + name, g.getAsDouble()));
    }

    /**
     * {@code row} if it has the output schema.
     *
     * @throws IllegalArgumentException naming both schemas when it does not
     */
    Row checkOutput(Row row) {
        if (row == null) {
            throw new IllegalArgumentException(transformName() + ": the function emitted null");
        }
        if (row.schema() != output && !row.schema().equals(output)) {
            throw new IllegalArgumentException(
                    transformName()
                            + ": the function emitted a row of "
                            + row.schema()
                            + ", the transform's output is "
                            + output);
        }
        return row;
    }

    private static final class CounterImpl implements Counter {
        long count;

        @Override
        public void inc() {
            count++;
        }

        @Override
        public void inc(long n) {
            count += n;
        }

        @Override
        public long count() {
            return count;
        }
    }
}
