package io.spate.bench.flink;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * W1 of src-docs/performance.md on Flink 1.20: the words of Spate's Words source ({@code "w" + (i ×
 * 2654435761 mod vocabulary)}), keyed by word, a running count per word, discarded; p = 2 over two
 * task managers of one slot each, so the keyBy shuffle crosses Netty over loopback, as Spate's W1
 * crosses executors. Prints one line per run: {@code FLINK-W1 <mode> run=<n> records=<N>
 * seconds=<s> rec_per_s=<r>}. The first run of the JVM is a warm-up and says so.
 *
 * <p>Arguments: records, runs, then {@code plain} or {@code ssl DIR PASSWORD [jdk|openssl]} with DIR
 * holding bin/spate-certs' cert.p12 and a PKCS#12 trust store truststore.p12 of its CA.
 */
public final class FlinkW1 {
    private static final long VOCABULARY = 10_000;

    public static void main(String[] args) throws Exception {
        long records = Long.parseLong(args[0]);
        int runs = Integer.parseInt(args[1]);
        String mode = args[2];
        Configuration conf = new Configuration();
        conf.setString("taskmanager.numberOfTaskSlots", "1");
        conf.setString("minicluster.number-of-taskmanagers", "2");
        conf.setString("parallelism.default", "2");
        if (mode.equals("ssl")) {
            String dir = args[3];
            String password = args[4];
            String provider = args.length > 5 ? args[5].toUpperCase() : "JDK";
            conf.setString("security.ssl.internal.enabled", "true");
            conf.setString("security.ssl.internal.keystore", dir + "/cert.p12");
            conf.setString("security.ssl.internal.keystore-password", password);
            conf.setString("security.ssl.internal.key-password", password);
            conf.setString("security.ssl.internal.truststore", dir + "/truststore.p12");
            conf.setString("security.ssl.internal.truststore-password", password);
            conf.setString("security.ssl.provider", provider);
            // Flink's default suites are RSA ones; bin/spate-certs makes an EC (P-256) key.
            conf.setString(
                    "security.ssl.algorithms",
                    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
            mode = "ssl-" + provider.toLowerCase();
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        for (int run = 0; run <= runs; run++) {
            env.fromSequence(0, records - 1)
                    .map(new Word())
                    .keyBy(w -> w)
                    .process(new RunningCount())
                    .addSink(new DiscardingSink<>());
            long start = System.nanoTime();
            env.execute("w1");
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "FLINK-W1 %s run=%s records=%d seconds=%.3f rec_per_s=%.0f%n",
                    mode, run == 0 ? "warmup" : run, records, seconds, records / seconds);
        }
    }

    /** Spate's WordsSource word of record i. */
    static final class Word implements MapFunction<Long, String> {
        private static final long MULTIPLIER = 2654435761L;
        private final String[] cache = new String[(int) VOCABULARY];

        @Override
        public String map(Long i) {
            // exact for a vocabulary below 2^31, as WordsSource.wordIndex computes it
            int index = (int) ((i % VOCABULARY) * (MULTIPLIER % VOCABULARY) % VOCABULARY);
            String w = cache[index];
            if (w == null) {
                w = "w" + index;
                cache[index] = w;
            }
            return w;
        }
    }

    /** A count per word, emitted with every record (Spate's RunningCount). */
    static final class RunningCount
            extends KeyedProcessFunction<String, String, Tuple2<String, Long>> {
        private transient ValueState<Long> count;

        @Override
        public void open(Configuration parameters) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(
                String word, Context ctx, Collector<Tuple2<String, Long>> out) throws Exception {
            Long c = count.value();
            long next = c == null ? 1 : c + 1;
            count.update(next);
            out.collect(Tuple2.of(word, next));
        }
    }
}
