package io.spate.bench.flink.nexmark;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.connector.sink.abilities.SupportsPartitioning;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.types.RowKind;

/**
 * {@code 'connector' = 'counting-blackhole'}: Flink's {@code blackhole} sink (the official Nexmark
 * sink: the same changelog mode, every requested kind but UPDATE_BEFORE, and a SinkV2 that
 * discards) that also counts what it discards per {@link RowKind}, into JVM-wide counters (the
 * MiniCluster runs in this JVM; one job at a time). {@link #reset()} before a job, {@link #counts()}
 * after it.
 */
public final class CountingBlackHoleSinkFactory implements DynamicTableSinkFactory {

    private static final AtomicLong[] COUNTS = new AtomicLong[RowKind.values().length];

    static {
        for (int i = 0; i < COUNTS.length; i++) {
            COUNTS[i] = new AtomicLong();
        }
    }

    static void reset() {
        for (AtomicLong c : COUNTS) {
            c.set(0);
        }
    }

    /** Rows discarded per kind since {@link #reset()}, indexed by {@link RowKind#ordinal()}. */
    static long[] counts() {
        long[] r = new long[COUNTS.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = COUNTS[i].get();
        }
        return r;
    }

    @Override
    public String factoryIdentifier() {
        return "counting-blackhole";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.createTableFactoryHelper(this, context).validate();
        return new BlackHole();
    }

    private static final class BlackHole implements DynamicTableSink, SupportsPartitioning {
        @Override
        public ChangelogMode getChangelogMode(ChangelogMode requested) {
            ChangelogMode.Builder b = ChangelogMode.newBuilder();
            for (RowKind kind : requested.getContainedKinds()) {
                if (kind != RowKind.UPDATE_BEFORE) {
                    b.addContainedKind(kind);
                }
            }
            return b.build();
        }

        @Override
        public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
            return SinkV2Provider.of(new CountingSink());
        }

        @Override
        public DynamicTableSink copy() {
            return new BlackHole();
        }

        @Override
        public String asSummaryString() {
            return "CountingBlackHole";
        }

        @Override
        public void applyStaticPartition(Map<String, String> partition) {}
    }

    private static final class CountingSink implements Sink<RowData> {
        @Override
        @SuppressWarnings("deprecation")
        public SinkWriter<RowData> createWriter(InitContext context) {
            return new Writer();
        }
    }

    private static final class Writer implements SinkWriter<RowData> {
        private final long[] local = new long[COUNTS.length];

        @Override
        public void write(RowData row, Context context) {
            local[row.getRowKind().ordinal()]++;
        }

        @Override
        public void flush(boolean endOfInput) {
            publish();
        }

        @Override
        public void close() {
            publish();
        }

        private void publish() {
            for (int i = 0; i < local.length; i++) {
                COUNTS[i].addAndGet(local[i]);
                local[i] = 0;
            }
        }
    }
}
