package io.spate.bench.micro;

import io.spate.executor.network.InputChannelDescriptor;
import io.spate.executor.network.NetworkConfig;
import io.spate.executor.network.NetworkEnvironment;
import io.spate.executor.network.gate.InputGate;
import io.spate.executor.network.gate.RecordReader;
import io.spate.executor.network.partition.ResultPartition;
import io.spate.executor.network.partition.ResultPartitionId;
import io.spate.executor.network.writer.Partitioner;
import io.spate.executor.network.writer.RecordWriter;
import io.spate.record.Row;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Buffer hand-off on a local channel, per record: a {@link RecordWriter} on a {@link
 * ResultPartition} and a {@link RecordReader} on an {@link InputGate} with one local channel
 * (LocalInputChannel: the producer's buffers are read in memory, no Netty), both from one {@link
 * NetworkEnvironment} as a chained-but-not-fused pair of tasks on one executor uses them. Records
 * are {@code {word, count}} of W1 (about 14 bytes plus the 4-byte length).
 *
 * <ul>
 *   <li>{@code localChannelHandoff}: one thread writes {@value #BATCH} records, flushes (one buffer
 *       changes hands) and reads them back: serialization, buffer queueing and notification,
 *       deserialization, without thread switches.
 *   <li>{@code localChannelHandoffTwoThreads}: the benchmark thread writes (buffer timeout 100 ms,
 *       the default) while a consumer thread reads everything; throughput-bound, with back-pressure
 *       when the consumer is slower. Needs two free cores to mean much.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LocalChannelBenchmark {
    static final int BATCH = 1000;

    /** One thread: write a batch, flush, read it back. */
    @State(Scope.Thread)
    public static class SameThread {
        NetworkEnvironment env;
        RecordWriter writer;
        RecordReader reader;
        InputGate gate;
        Row out;
        Row in;
        long n;

        @Setup(Level.Trial)
        public void setup() throws Exception {
            env = new NetworkEnvironment(NetworkConfig.defaults());
            env.start();
            ResultPartitionId id = new ResultPartitionId("bench-local-same-thread");
            ResultPartition partition = env.createResultPartition(id, 1);
            writer =
                    env.createRecordWriter(
                            partition,
                            Partitioner.forward(),
                            Words.WORD_COUNT,
                            Duration.ofMillis(-1));
            gate = env.createInputGate("bench", List.of(InputChannelDescriptor.local(id, 0)));
            reader = env.createRecordReader(gate, Words.WORD_COUNT);
            out = new Row(Words.WORD_COUNT).setString(0, "w1234");
            in = new Row(Words.WORD_COUNT);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            writer.finish();
            writer.close();
            drain(reader, in, Long.MAX_VALUE);
            reader.close();
            gate.close();
            env.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long localChannelHandoff(SameThread s) throws Exception {
        for (int k = 0; k < BATCH; k++) {
            s.writer.emit(s.out.setLong(1, s.n++));
        }
        s.writer.flushAll();
        return drain(s.reader, s.in, BATCH);
    }

    /** Reads {@code count} records (or to the end of input); returns the sum of their counts. */
    static long drain(RecordReader reader, Row in, long count) throws Exception {
        long sum = 0;
        long read = 0;
        while (read < count) {
            RecordReader.Result r = reader.next(in);
            if (r == RecordReader.Result.RECORD) {
                sum += in.getLong(1);
                read++;
            } else if (r == RecordReader.Result.NOTHING_AVAILABLE) {
                reader.availableFuture().get(10, TimeUnit.SECONDS);
            } else if (r == RecordReader.Result.END_OF_INPUT) {
                break;
            }
        }
        return sum;
    }

    /** The writer is the benchmark thread; a daemon thread consumes. */
    @State(Scope.Thread)
    public static class TwoThreads {
        NetworkEnvironment env;
        RecordWriter writer;
        RecordReader reader;
        InputGate gate;
        Row out;
        long n;
        BackgroundReader background;

        @Setup(Level.Trial)
        public void setup() throws Exception {
            env = new NetworkEnvironment(NetworkConfig.defaults());
            env.start();
            ResultPartitionId id = new ResultPartitionId("bench-local-two-threads");
            ResultPartition partition = env.createResultPartition(id, 1);
            writer =
                    env.createRecordWriter(
                            partition,
                            Partitioner.forward(),
                            Words.WORD_COUNT,
                            Duration.ofMillis(100));
            gate = env.createInputGate("bench", List.of(InputChannelDescriptor.local(id, 0)));
            reader = env.createRecordReader(gate, Words.WORD_COUNT);
            out = new Row(Words.WORD_COUNT).setString(0, "w1234");
            background = BackgroundReader.start(reader);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            writer.finish();
            writer.close();
            background.awaitAll(n);
            reader.close();
            gate.close();
            env.close();
        }
    }

    @Benchmark
    public void localChannelHandoffTwoThreads(TwoThreads s) throws Exception {
        s.writer.emit(s.out.setLong(1, s.n++));
    }
}
