package io.spate.bench.micro;

import io.spate.executor.network.writer.Partitioner;
import io.spate.record.Row;
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

/**
 * The KeyBy edge's channel choice per record: the executor's hash partitioner ({@code
 * Partitioner.hash}, i.e. {@code floorMod(row.hashField(key), n)}, the Murmur-style hash of
 * io.spate.record.Hashing) over the 10,000-word vocabulary of W1, 2 channels as in W1. Keys as
 * java.lang.String (what a source emits) and as views over serialized bytes (what a task reads).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HashPartitionBenchmark {
    private final Partitioner hash = Partitioner.hash(0);
    private Row[] strings;
    private Row[] views;
    private int i;

    @Setup
    public void setup() {
        strings = Words.stringRows();
        views = Words.viewRows();
    }

    @Benchmark
    public int hashPartition() {
        return hash.selectChannel(strings[i++ & Words.MASK], 2);
    }

    @Benchmark
    public int hashPartitionView() {
        return hash.selectChannel(views[i++ & Words.MASK], 2);
    }
}
