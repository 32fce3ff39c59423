package io.spate.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.spate.clock.ManualClock;
import io.spate.executor.state.ManualProcessingTimers;
import io.spate.jobgraph.OperatorSpec;
import io.spate.record.Row;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Filter, MapToFields, a KeyBy's key and a Window's aggregation input as expressions. */
class ExpressionOperatorsTest {

    private static final String SOURCE =
            "    - {name: src, type: Sequence, config: {to: 99, eventTime: {start: 0, step: 1ms},"
                    + " watermarks: {field: et}}}\n";

    private final OperatorTesting.CollectingOutput out = new OperatorTesting.CollectingOutput();
    private final Map<String, OperatorTesting.CollectingOutput> sides = new HashMap<>();

    private static String job(String transforms) {
        return "name: t\npipeline:\n  transforms:\n" + SOURCE + transforms;
    }

    private OperatorContext context(OperatorSpec spec) {
        return new OperatorContext(
                spec,
                "job",
                "t",
                "v",
                0,
                1,
                0,
                new ManualClock(),
                128,
                Duration.ofMillis(200),
                new ManualProcessingTimers(0),
                name -> sides.computeIfAbsent(name, n -> new OperatorTesting.CollectingOutput()));
    }

    private OneInputOperator operator(String transforms, String name) throws Exception {
        OperatorSpec spec = OperatorTesting.spec(job(transforms), name);
        return (OneInputOperator) OperatorFactory.create(context(spec), out);
    }

    private static Row value(long v) {
        return new Row(
                        io.spate.record.Schema.of(
                                new io.spate.record.Field("value", io.spate.record.FieldType.LONG),
                                new io.spate.record.Field("et", io.spate.record.FieldType.LONG)))
                .setLong(0, v)
                .setLong(1, v * 10);
    }

    @Test
    void aFilterKeepsTheRecordsItsExpressionIsTrueFor() throws Exception {
        OneInputOperator f =
                operator(
                        "    - {name: f, type: Filter, config: {expression: \"value % 3 == 0 && et > 0\"}}\n"
                                + "    - {type: Log}\n",
                        "f");
        for (long v = 0; v < 10; v++) {
            f.processRecord(value(v));
        }
        assertThat(out.rows).map(r -> r.getLong(0)).containsExactly(3L, 6L, 9L);
        assertThat(out.rows.getFirst().getLong(1)).isEqualTo(30L);
    }

    @Test
    void mapToFieldsComputesFieldsAndAppendsReplacingInPlace() throws Exception {
        OneInputOperator m =
                operator(
                        "    - {name: m, type: MapToFields, config: {append: true, fields:"
                                + " {et: \"et + 1\", euro: \"value * 0.5\", name: \"upper('v') + string(value)\","
                                + " odd: \"value % 2 == 1\"}}}\n"
                                + "    - {type: Log}\n",
                        "m");
        m.processRecord(value(7));
        assertThat(out.rows)
                .singleElement()
                .hasToString("{value=7, et=71, euro=3.5, name=\"V7\", odd=true}");
        out.rows.clear();
        OneInputOperator only =
                operator(
                        "    - {name: m, type: MapToFields, config: {fields: {twice: \"value * 2\"}}}\n"
                                + "    - {type: Log}\n",
                        "m");
        only.processRecord(value(21));
        assertThat(out.rows).singleElement().hasToString("{twice=42}");
    }

    @Test
    void onErrorFailFailsWithTheRecordTheExpressionAndTheCause() throws Exception {
        OneInputOperator m =
                operator(
                        "    - {name: m, type: MapToFields, config: {fields: {q: \"100 / value\"}}}\n"
                                + "    - {type: Log}\n",
                        "m");
        m.processRecord(value(4));
        Throwable t = catchThrowable(() -> m.processRecord(value(0)));
        assertThat(t)
                .isInstanceOf(RecordErrors.RecordFailedException.class)
                .hasMessageContaining(
                        "MapToFields \"m\": \"100 / value\" failed on the record {value=0, et=0}")
                .hasMessageContaining("column 5")
                .hasMessageContaining("by zero");
        assertThat(out.rows).singleElement().hasToString("{q=25}");
    }

    @Test
    void onErrorDropCountsAndSkips() throws Exception {
        OneInputOperator f =
                operator(
                        "    - {name: f, type: Filter, config: {expression: \"100 / value > 10\", onError: drop}}\n"
                                + "    - {type: Log}\n",
                        "f");
        for (long v = 0; v < 12; v++) {
            f.processRecord(value(v));
        }
        assertThat(out.rows)
                .map(r -> r.getLong(0))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        OperatorTesting.RecordedMetrics metrics = new OperatorTesting.RecordedMetrics();
        f.reportMetrics(metrics);
        assertThat(metrics.gauges).containsEntry("dropped-records", 1.0);
        assertThat(sides).isEmpty();
    }

    @Test
    void onErrorDeadLetterSendsTheRecordWithItsErrorToTheSideOutput() throws Exception {
        OneInputOperator f =
                operator(
                        "    - {name: f, type: Filter, config: {expression: \"100 / value > 10\","
                                + " onError: deadLetter}}\n"
                                + "    - {type: Log}\n"
                                + "    - {type: Log, input: f.deadLetter}\n",
                        "f");
        f.processRecord(value(0));
        f.processRecord(value(5));
        assertThat(out.rows).map(r -> r.getLong(0)).containsExactly(5L);
        assertThat(sides.get("deadLetter").rows)
                .singleElement()
                .satisfies(
                        r ->
                                assertThat(r.getString(2))
                                        .isEqualTo(
                                                "\"100 / value > 10\": evaluation error at column 5: / by zero"));
    }

    @Test
    void aKeyByExpressionAddsItsKeyField() throws Exception {
        OneInputOperator k =
                operator(
                        "    - {name: k, type: KeyBy, config: {field: bucket, expression: \"value % 4\"}}\n"
                                + "    - {type: RunningCount}\n"
                                + "    - {type: Log}\n",
                        "k.key");
        k.processRecord(value(7));
        assertThat(out.rows).singleElement().hasToString("{value=7, et=70, bucket=3}");
    }

    @Test
    void aWindowAggregatesAnExpressionEvaluatedOncePerRecord() throws Exception {
        String transforms =
                "    - {name: k, type: KeyBy, config: {field: parity, expression: \"value % 2\"}}\n"
                        + "    - {name: w, type: Window, config: {sliding: {size: 40ms, slide: 20ms},"
                        + " onError: deadLetter, aggregations: [{sum: \"100 / (value - 3)\", as: q},"
                        + " {max: \"double(value) * 1.5\", as: m}, {count: {}}]}}\n"
                        + "    - {type: Log}\n"
                        + "    - {type: Log, input: w.deadLetter}\n";
        OperatorSpec spec = OperatorTesting.spec(job(transforms), "w");
        WindowOperator w = new WindowOperator(context(spec), out);
        Row row = new Row(spec.inputSchema().orElseThrow());
        for (long v = 0; v < 6; v++) {
            w.processRecord(row.setLong(0, v).setLong(1, v * 10).setLong(2, v % 2));
        }
        w.processWatermark(Long.MAX_VALUE);
        // value 3 fails (100 / 0): a dead letter, in no window
        assertThat(sides.get("deadLetter").rows)
                .singleElement()
                .satisfies(r -> assertThat(r.getLong(0)).isEqualTo(3));
        // windows of 40 ms every 20 ms; value v at et = 10 v: even keys 0, 2, 4; odd 1, 5
        assertThat(out.rows)
                .map(Row::toString)
                .containsExactlyInAnyOrder(
                        "{parity=0, window_start=-20, window_end=20, q=-33, m=0.0, count=1}",
                        "{parity=0, window_start=0, window_end=40, q=-133, m=3.0, count=2}",
                        "{parity=0, window_start=20, window_end=60, q=0, m=6.0, count=2}",
                        "{parity=0, window_start=40, window_end=80, q=100, m=6.0, count=1}",
                        "{parity=1, window_start=-20, window_end=20, q=-50, m=1.5, count=1}",
                        "{parity=1, window_start=0, window_end=40, q=-50, m=1.5, count=1}",
                        "{parity=1, window_start=20, window_end=60, q=50, m=7.5, count=1}",
                        "{parity=1, window_start=40, window_end=80, q=50, m=7.5, count=1}");
    }
}
