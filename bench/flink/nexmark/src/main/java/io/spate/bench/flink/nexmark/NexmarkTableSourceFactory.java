package io.spate.bench.flink.nexmark;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceFunctionProvider;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * {@code 'connector' = 'spate-nexmark'}: the official Nexmark {@code datagen} table (see
 * resources/nexmark/ddl_gen.sql) filled by Spate's deterministic generator instead of
 * nexmark-flink's (which is not on Maven Central). Options: {@code events.num} (N, bounded),
 * {@code first-event.rate} = {@code next-event.rate} (R, the event-time rate over all splits;
 * nexmark-flink's names), {@code splits} (G).
 */
public final class NexmarkTableSourceFactory implements DynamicTableSourceFactory {

    static final ConfigOption<Long> EVENTS =
            ConfigOptions.key("events.num").longType().noDefaultValue();
    static final ConfigOption<Long> FIRST_RATE =
            ConfigOptions.key("first-event.rate").longType().defaultValue(10_000_000L);
    static final ConfigOption<Long> NEXT_RATE =
            ConfigOptions.key("next-event.rate").longType().defaultValue(10_000_000L);
    static final ConfigOption<Integer> SPLITS =
            ConfigOptions.key("splits").intType().defaultValue(2);

    @Override
    public String factoryIdentifier() {
        return "spate-nexmark";
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(EVENTS);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(FIRST_RATE, NEXT_RATE, SPLITS);
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig o = helper.getOptions();
        if (!o.get(FIRST_RATE).equals(o.get(NEXT_RATE))) {
            throw new IllegalArgumentException("the generator has one rate: first-event.rate = next-event.rate");
        }
        return new Source(o.get(EVENTS), o.get(FIRST_RATE), o.get(SPLITS));
    }

    private record Source(long events, long rate, int splits) implements ScanTableSource {

        @Override
        public ChangelogMode getChangelogMode() {
            return ChangelogMode.insertOnly();
        }

        @Override
        public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
            return SourceFunctionProvider.of(new NexmarkSourceFunction(events, rate, splits), true);
        }

        @Override
        public DynamicTableSource copy() {
            return new Source(events, rate, splits);
        }

        @Override
        public String asSummaryString() {
            return "SpateNexmark";
        }
    }
}
