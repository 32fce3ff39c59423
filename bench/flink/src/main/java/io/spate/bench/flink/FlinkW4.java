package io.spate.bench.flink;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.DiscardingSink;
import org.apache.flink.streaming.api.functions.source.RichParallelSourceFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * W4 of src-docs/performance.md on Flink 1.20: Spate's Words records with event time {@code et = i}
 * ms (subtask s of p emits the i with i mod p = s, in order, as Spate's Words does), monotonous
 * watermarks per source subtask, keyed by word, a 1 s tumbling event-time window counting per word
 * with an incremental AggregateFunction (heap state), discarded; p = 2 over two task managers of
 * one slot each. Prints {@code FLINK-W4 run=<n> records=<N> seconds=<s> rec_per_s=<r>}; the first
 * run of the JVM is a warm-up and says so. Arguments: records, runs.
 */
public final class FlinkW4 {

    public static void main(String[] args) throws Exception {
        long records = Long.parseLong(args[0]);
        int runs = Integer.parseInt(args[1]);
        Configuration conf = new Configuration();
        conf.setString("taskmanager.numberOfTaskSlots", "1");
        conf.setString("minicluster.number-of-taskmanagers", "2");
        conf.setString("parallelism.default", "2");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        for (int run = 0; run <= runs; run++) {
            env.addSource(new Words(records))
                    .assignTimestampsAndWatermarks(
                            WatermarkStrategy.<Tuple2<String, Long>>forMonotonousTimestamps()
                                    .withTimestampAssigner((e, ts) -> e.f1))
                    .keyBy(e -> e.f0)
                    .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                    .aggregate(new Count())
                    .addSink(new DiscardingSink<>());
            long start = System.nanoTime();
            env.execute("w4");
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "FLINK-W4 run=%s records=%d seconds=%.3f rec_per_s=%.0f%n",
                    run == 0 ? "warmup" : run, records, seconds, records / seconds);
        }
    }

    /** Spate's Words with eventTime {start: 0, step: 1ms}: (word of i, et = i). */
    static final class Words extends RichParallelSourceFunction<Tuple2<String, Long>> {
        private final long records;
        private volatile boolean running = true;

        Words(long records) {
            this.records = records;
        }

        @Override
        public void run(SourceContext<Tuple2<String, Long>> ctx) {
            FlinkW1.Word words = new FlinkW1.Word();
            int p = getRuntimeContext().getNumberOfParallelSubtasks();
            for (long i = getRuntimeContext().getIndexOfThisSubtask(); i < records && running; i += p) {
                synchronized (ctx.getCheckpointLock()) {
                    ctx.collect(Tuple2.of(words.map(i), i));
                }
            }
        }

        @Override
        public void cancel() {
            running = false;
        }
    }

    /** count, incrementally (one long per key and window). */
    static final class Count implements AggregateFunction<Tuple2<String, Long>, Long, Long> {
        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(Tuple2<String, Long> value, Long acc) {
            return acc + 1;
        }

        @Override
        public Long getResult(Long acc) {
            return acc;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }
}
