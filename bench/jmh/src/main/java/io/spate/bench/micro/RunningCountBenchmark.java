package io.spate.bench.micro;

import io.spate.clock.Clock;
import io.spate.executor.operators.OperatorContext;
import io.spate.executor.operators.RunningCountOperator;
import io.spate.jobgraph.OperatorSpec;
import io.spate.record.Row;
import io.spate.transform.TransformConfig;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The executor's own {@link RunningCountOperator} per record (look up the key's count in its
 * HashMap, increment, fill and emit the result row), with an Output that only hands the count to a
 * Blackhole; 10,000 distinct keys as in W1, all present after the first iterations (the steady
 * state). {@code runningCount}: keys are Strings; {@code runningCountView}: keys are views over
 * serialized bytes, so the operator decodes a String per record, as on a real task.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RunningCountBenchmark {
    private RunningCountOperator operator;
    private Row[] strings;
    private Row[] views;
    private int i;
    private Blackhole sink;

    @Setup
    public void setup(Blackhole blackhole) throws Exception {
        sink = blackhole;
        OperatorSpec spec =
                new OperatorSpec(
                        "count",
                        "RunningCount",
                        TransformConfig.EMPTY,
                        Optional.of(Words.WORD),
                        Optional.of(Words.WORD_COUNT),
                        Optional.of("word"));
        OperatorContext context =
                new OperatorContext(spec, "bench-job", "bench", "count", 0, 1, 0, Clock.SYSTEM);
        operator = new RunningCountOperator(context, row -> sink.consume(row.getLong(1)));
        operator.open();
        strings = Words.stringRows();
        views = Words.viewRows();
    }

    @Benchmark
    public void runningCount() throws Exception {
        operator.processRecord(strings[i++ & Words.MASK]);
    }

    @Benchmark
    public void runningCountView() throws Exception {
        operator.processRecord(views[i++ & Words.MASK]);
    }
}
