package io.spate.bench.network;

import io.spate.executor.network.InputChannelDescriptor;
import io.spate.executor.network.NetworkConfig;
import io.spate.executor.network.NetworkEnvironment;
import io.spate.executor.network.gate.InputGate;
import io.spate.executor.network.gate.RecordReader;
import io.spate.executor.network.partition.ResultPartition;
import io.spate.executor.network.partition.ResultPartitionId;
import io.spate.executor.network.writer.Partitioner;
import io.spate.executor.network.writer.RecordWriter;
import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.RowSerializer;
import io.spate.record.Schema;
import io.spate.rpc.HostAndPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * End-to-end data-plane numbers between two {@link NetworkEnvironment}s in one JVM over loopback
 * TCP: throughput (records/s, MB/s of record payload, serialization and deserialization included)
 * for 16 B, 100 B and 1 KiB records on 1 and 4 channels, and the latency of single records at
 * buffer timeout 0. Each figure is the median of {@code runs} runs.
 *
 * <p>Usage: {@code java -cp spate-benchmarks.jar io.spate.bench.network.DataPlaneBench [runs]
 * [seconds-per-run]}
 */
public final class DataPlaneBench {
    private static final Schema SMALL =
            Schema.of(new Field("a", FieldType.LONG), new Field("b", FieldType.LONG));
    private static final Schema WITH_TEXT =
            Schema.of(new Field("a", FieldType.LONG), new Field("text", FieldType.STRING));

    private final NetworkEnvironment producerEnv;
    private final NetworkEnvironment consumerEnv;
    private int partitions;

    private DataPlaneBench() throws Exception {
        NetworkConfig config = NetworkConfig.defaults();
        producerEnv = new NetworkEnvironment(config);
        consumerEnv = new NetworkEnvironment(config);
        producerEnv.start();
        consumerEnv.start();
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        DataPlaneBench bench = new DataPlaneBench();
        try {
            System.out.printf(
                    "data plane, loopback TCP, 32 KiB buffers, %d runs per line (median; min..max)%n",
                    runs);
            for (int recordSize : new int[] {16, 100, 1024}) {
                for (int channels : new int[] {1, 4}) {
                    bench.throughput(recordSize, channels, runs, seconds);
                }
            }
            bench.latency(runs);
        } finally {
            bench.producerEnv.close();
            bench.consumerEnv.close();
        }
    }

    private Row row(int recordSize) {
        if (recordSize == 16) {
            return new Row(SMALL).setLong(0, 1).setLong(1, 2);
        }
        // long (8) + varint length (1 or 2) + text = recordSize
        int text = recordSize - 8 - (recordSize - 9 < 128 ? 1 : 2);
        return new Row(WITH_TEXT).setLong(0, 1).setString(1, "x".repeat(text));
    }

    private void throughput(int recordSize, int channels, int runs, double seconds)
            throws Exception {
        Row row = row(recordSize);
        int size = new RowSerializer(row.schema()).serializedSize(row);
        if (size != recordSize) {
            throw new IllegalStateException("record is " + size + " bytes, wanted " + recordSize);
        }
        // calibrate the count with a short run, then measure
        double calibration = transfer(row, channels, 200_000).recordsPerSecond;
        long count = Math.max(100_000, (long) (calibration * seconds));
        double[] rates = new double[runs];
        for (int i = 0; i < runs; i++) {
            rates[i] = transfer(row, channels, count).recordsPerSecond;
        }
        Arrays.sort(rates);
        double median = rates[runs / 2];
        System.out.printf(
                Locale.ROOT,
                "throughput %5d B x %d channel(s): %,12.0f records/s  %8.1f MB/s  (%,.0f..%,.0f records/s)%n",
                recordSize,
                channels,
                median,
                median * recordSize / 1e6,
                rates[0],
                rates[runs - 1]);
    }

    private record Result(double recordsPerSecond) {}

    private Result transfer(Row row, int channels, long count) throws Exception {
        ResultPartitionId id = new ResultPartitionId("bench-" + partitions++);
        ResultPartition partition = producerEnv.createResultPartition(id, channels);
        RecordWriter writer =
                producerEnv.createRecordWriter(
                        partition,
                        channels == 1 ? Partitioner.forward() : Partitioner.rebalance(),
                        row.schema(),
                        Duration.ofMillis(10));
        HostAndPort producer = new HostAndPort("127.0.0.1", producerEnv.port());
        List<InputChannelDescriptor> descriptors = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            descriptors.add(InputChannelDescriptor.remote(id, c, producer));
        }
        InputGate gate = consumerEnv.createInputGate("bench", descriptors);
        RecordReader reader = consumerEnv.createRecordReader(gate, row.schema());
        long start = System.nanoTime();
        CompletableFuture<Void> produce =
                run(
                        "task-bench-producer",
                        () -> {
                            for (long i = 0; i < count; i++) {
                                writer.emit(row);
                            }
                            writer.finish();
                            writer.close();
                        });
        AtomicLong received = new AtomicLong();
        CompletableFuture<Void> consume =
                run(
                        "task-bench-consumer",
                        () -> {
                            Row in = new Row(row.schema());
                            long n = 0;
                            long check = 0;
                            while (true) {
                                RecordReader.Result r = reader.next(in);
                                if (r == RecordReader.Result.RECORD) {
                                    n++;
                                    check += in.getLong(0);
                                } else if (r == RecordReader.Result.NOTHING_AVAILABLE) {
                                    reader.availableFuture().join();
                                } else if (r == RecordReader.Result.END_OF_INPUT) {
                                    break;
                                }
                            }
                            received.set(n);
                            if (check != n) {
                                throw new IllegalStateException(
                                        "corrupt data: checksum " + check + " != " + n);
                            }
                        });
        consume.get(10, TimeUnit.MINUTES);
        long elapsed = System.nanoTime() - start;
        produce.get(1, TimeUnit.MINUTES);
        reader.close();
        gate.close();
        if (received.get() != count) {
            throw new IllegalStateException("received " + received.get() + " of " + count);
        }
        return new Result(count * 1e9 / elapsed);
    }

    private void latency(int runs) throws Exception {
        long[][] results = new long[runs][];
        for (int i = 0; i < runs; i++) {
            results[i] = latencyRun(20_000, 2_000);
        }
        long[] p50 = new long[runs];
        long[] p99 = new long[runs];
        long[] p999 = new long[runs];
        for (int i = 0; i < runs; i++) {
            p50[i] = results[i][0];
            p99[i] = results[i][1];
            p999[i] = results[i][2];
        }
        Arrays.sort(p50);
        Arrays.sort(p99);
        Arrays.sort(p999);
        System.out.printf(
                Locale.ROOT,
                "latency 16 B records, buffer timeout 0, one every ~50 us: p50 %d us  p99 %d us  p99.9 %d us"
                        + "  (p99 %d..%d us)%n",
                p50[runs / 2] / 1000,
                p99[runs / 2] / 1000,
                p999[runs / 2] / 1000,
                p99[0] / 1000,
                p99[runs - 1] / 1000);
    }

    /** Sends one record at a time (each after the previous arrived plus a pause). */
    private long[] latencyRun(int samples, int warmup) throws Exception {
        ResultPartitionId id = new ResultPartitionId("latency-" + partitions++);
        ResultPartition partition = producerEnv.createResultPartition(id, 1);
        RecordWriter writer =
                producerEnv.createRecordWriter(
                        partition, Partitioner.forward(), SMALL, Duration.ZERO);
        InputGate gate =
                consumerEnv.createInputGate(
                        "latency",
                        List.of(
                                InputChannelDescriptor.remote(
                                        id, 0, new HostAndPort("127.0.0.1", producerEnv.port()))));
        RecordReader reader = consumerEnv.createRecordReader(gate, SMALL);
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
        AtomicLong arrived = new AtomicLong();
        int total = samples + warmup;
        CompletableFuture<Void> produce =
                run(
                        "task-latency-producer",
                        () -> {
                            Row row = new Row(SMALL);
                            for (int i = 0; i < total; i++) {
                                writer.emit(row.setLong(0, i).setLong(1, System.nanoTime()));
                                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                                while (arrived.get() <= i && System.nanoTime() < deadline) {
                                    LockSupport.parkNanos(20_000);
                                }
                                LockSupport.parkNanos(30_000);
                            }
                            writer.finish();
                            writer.close();
                        });
        CompletableFuture<Void> consume =
                run(
                        "task-latency-consumer",
                        () -> {
                            Row in = new Row(SMALL);
                            while (true) {
                                RecordReader.Result r = reader.next(in);
                                if (r == RecordReader.Result.RECORD) {
                                    long latency = System.nanoTime() - in.getLong(1);
                                    if (in.getLong(0) >= warmup) {
                                        histogram.recordValue(
                                                Math.min(
                                                        latency,
                                                        histogram.getHighestTrackableValue()));
                                    }
                                    arrived.incrementAndGet();
                                } else if (r == RecordReader.Result.NOTHING_AVAILABLE) {
                                    reader.availableFuture().join();
                                } else if (r == RecordReader.Result.END_OF_INPUT) {
                                    break;
                                }
                            }
                        });
        consume.get(5, TimeUnit.MINUTES);
        produce.get(1, TimeUnit.MINUTES);
        reader.close();
        gate.close();
        return new long[] {
            histogram.getValueAtPercentile(50),
            histogram.getValueAtPercentile(99),
            histogram.getValueAtPercentile(99.9)
        };
    }

    private interface Body {
        void run() throws Exception;
    }

    private static CompletableFuture<Void> run(String name, Body body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t =
                new Thread(
                        () -> {
                            try {
                                body.run();
                                done.complete(null);
                            } catch (Throwable e) {
                                done.completeExceptionally(e);
                            }
                        },
                        name);
        t.setDaemon(true);
        t.start();
        return done;
    }
}
