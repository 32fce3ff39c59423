package io.spate.executor.operators.userfunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spate.api.Collector;
import io.spate.api.KeyedProcessFunction;
import io.spate.api.KeyedState;
import io.spate.api.MapFunction;
import io.spate.api.RuntimeContext;
import io.spate.clock.Clock;
import io.spate.executor.operators.OneInputOperator;
import io.spate.executor.operators.OperatorContext;
import io.spate.executor.usercode.UserCodeClassLoader;
import io.spate.jobgraph.OperatorSpec;
import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import io.spate.transform.TransformCatalog;
import io.spate.transform.TransformConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Java functions as operators: keyed state and timers survive a snapshot; bad output is named. */
class KeyedProcessOperatorTest {

    static final Schema IN = Schema.of(new Field("word", FieldType.STRING));
    static final Schema OUT =
            Schema.of(new Field("word", FieldType.STRING), new Field("count", FieldType.LONG));

    /** Counts per word; an event-time timer at 100 emits the count. */
    public static class Totals implements KeyedProcessFunction {
        private KeyedState.ValueState<Long> count;
        private Row out;

        @Override
        public void open(RuntimeContext context) {
            count = context.state().value("count", Long.class);
            out = new Row(context.outputSchema());
        }

        @Override
        public void processElement(Row in, Context context, Collector collector) {
            Long c = count.value();
            count.update(c == null ? 1 : c + 1);
            context.timerService().registerEventTimeTimer(100);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext context, Collector collector)
                throws Exception {
            collector.collect(
                    out.setString(0, (String) context.currentKey()).setLong(1, count.value()));
        }
    }

    /** Emits its input row, whose schema is not the output's. */
    public static class WrongSchema implements MapFunction {
        @Override
        public Row map(Row in) {
            return in;
        }
    }

    private static OneInputOperator operator(String cls, Optional<String> key, List<String> out)
            throws Exception {
        OperatorSpec spec =
                new OperatorSpec(
                        "fn",
                        TransformCatalog.JAVA_FUNCTION,
                        new TransformConfig(Map.of("class", cls)),
                        Optional.of(IN),
                        Optional.of(OUT),
                        key);
        OperatorContext context =
                new OperatorContext(spec, "job", "job", "v", 0, 1, 0, Clock.SYSTEM);
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        // no jars: every class comes from the parent, this test's class path
        t.setContextClassLoader(
                new UserCodeClassLoader(
                        "job", new URL[0], KeyedProcessOperatorTest.class.getClassLoader()));
        try {
            return JavaFunctionOperators.create(context, row -> out.add(row.toString()));
        } finally {
            t.setContextClassLoader(before);
        }
    }

    private static Row word(String w) {
        return new Row(IN).setString(0, w);
    }

    @Test
    void stateAndTimersSurviveASnapshotAndRestore() throws Exception {
        List<String> out = new ArrayList<>();
        OneInputOperator first = operator(Totals.class.getName(), Optional.of("word"), out);
        first.open();
        first.processRecord(word("a"));
        first.processRecord(word("a"));
        first.processRecord(word("b"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        first.snapshotState(1, new DataOutputStream(bytes));
        first.close();
        assertThat(out).isEmpty();

        OneInputOperator second = operator(Totals.class.getName(), Optional.of("word"), out);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        second.restoreState(in);
        assertThat(in.available()).isZero();
        second.open();
        second.processRecord(word("a"));
        second.processWatermark(99);
        assertThat(out).isEmpty();
        second.processWatermark(100);
        assertThat(out).containsExactlyInAnyOrder("{word=\"a\", count=3}", "{word=\"b\", count=1}");
    }

    @Test
    void aKeyedFunctionWithoutAKeyAndARowOfTheWrongSchemaAreRefusedByName() throws Exception {
        assertThatThrownBy(
                        () -> operator(Totals.class.getName(), Optional.empty(), new ArrayList<>()))
                .hasMessageContaining("fn: ")
                .hasMessageContaining("KeyBy");
        OneInputOperator wrong =
                operator(WrongSchema.class.getName(), Optional.empty(), new ArrayList<>());
        wrong.open();
        assertThatThrownBy(() -> wrong.processRecord(word("x")))
                .hasMessageContaining("fn: the function emitted a row of");
        assertThatThrownBy(
                        () -> operator("com.example.Missing", Optional.empty(), new ArrayList<>()))
                .hasMessageContaining("fn: class com.example.Missing is not in the job's jars");
    }
}
