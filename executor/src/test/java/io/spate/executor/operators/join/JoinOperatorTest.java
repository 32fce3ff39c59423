package io.spate.executor.operators.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spate.clock.Clock;
import io.spate.executor.operators.OperatorContext;
import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.JobVertex;
import io.spate.jobgraph.OperatorSpec;
import io.spate.jobspec.JobGraphCompiler;
import io.spate.jobspec.JobSpecFormat;
import io.spate.jobspec.JobSpecParser;
import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import io.spate.transform.TransformCatalog;
import io.spate.transform.TransformConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each join kind on a few rows, with the expected output worked out by hand. */
class JoinOperatorTest {

    private static final Schema PERSONS =
            Schema.of(
                    new Field("id", FieldType.LONG),
                    new Field("name", FieldType.STRING),
                    new Field("city", FieldType.STRING));
    private static final Schema AUCTIONS =
            Schema.of(
                    new Field("id", FieldType.LONG),
                    new Field("seller", FieldType.LONG),
                    new Field("item", FieldType.STRING));

    /** Timed rows: a key, an event time and a value of each side. */
    private static final Schema BIDS =
            Schema.of(
                    new Field("k", FieldType.STRING),
                    new Field("t", FieldType.LONG),
                    new Field("bid", FieldType.LONG));

    private static final Schema ASKS =
            Schema.of(
                    new Field("k", FieldType.STRING),
                    new Field("t", FieldType.LONG),
                    new Field("ask", FieldType.DOUBLE),
                    new Field("firm", FieldType.BOOLEAN));

    private static TransformConfig config(Object... keysAndValues) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("keys", Map.of("l", "id", "r", "seller"));
        v.put("kind", "inner");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            v.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new TransformConfig(v);
    }

    private static TransformConfig timedConfig(String kind, String what, TransformConfig c) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("keys", Map.of("l", "k", "r", "k"));
        v.put("kind", kind);
        v.put(what, c);
        return new TransformConfig(v);
    }

    private static TransformConfig cfg(Object... keysAndValues) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            v.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new TransformConfig(v);
    }

    private static JoinHarness people(TransformConfig config) throws Exception {
        return JoinHarness.of(config, PERSONS, "id", AUCTIONS, "seller", 1);
    }

    private static void person(JoinHarness h, long id, String name, String city) throws Exception {
        h.left(h.leftRow().setLong(0, id).setString(1, name).setString(2, city));
    }

    private static void auction(JoinHarness h, long id, long seller, String item) throws Exception {
        h.right(h.rightRow().setLong(0, id).setLong(1, seller).setString(2, item));
    }

    private static void bid(JoinHarness h, String k, long t, long bid) throws Exception {
        h.left(h.leftRow().setString(0, k).setLong(1, t).setLong(2, bid));
    }

    private static void ask(JoinHarness h, String k, long t, double ask) throws Exception {
        h.right(h.rightRow().setString(0, k).setLong(1, t).setDouble(2, ask).setBoolean(3, true));
    }

    @Test
    void aRegularJoinPairsEachRowWithTheOtherSidesRowsInStoredOrderPrefixingClashingNames()
            throws Exception {
        JoinHarness h = people(config());
        assertThat(h.spec.outputSchema().orElseThrow().fields())
                .extracting(Field::name)
                .containsExactly("left.id", "name", "city", "right.id", "seller", "item");
        person(h, 1, "Ann", "Oslo");
        auction(h, 10, 1, "lamp");
        auction(h, 11, 1, "desk");
        auction(h, 12, 2, "pen");
        person(h, 2, "Bob", "Rome");
        person(h, 1, "Åse", "Bergen");
        assertThat(h.out)
                .containsExactly(
                        "{left.id=1, name=\"Ann\", city=\"Oslo\", right.id=10, seller=1,"
                                + " item=\"lamp\"}",
                        "{left.id=1, name=\"Ann\", city=\"Oslo\", right.id=11, seller=1,"
                                + " item=\"desk\"}",
                        "{left.id=2, name=\"Bob\", city=\"Rome\", right.id=12, seller=2,"
                                + " item=\"pen\"}",
                        "{left.id=1, name=\"Åse\", city=\"Bergen\", right.id=10, seller=1,"
                                + " item=\"lamp\"}",
                        "{left.id=1, name=\"Åse\", city=\"Bergen\", right.id=11, seller=1,"
                                + " item=\"desk\"}");
        h.finish(); // a regular join keeps its rows: nothing more
        assertThat(h.out).hasSize(5);
        assertThat(h.stateRows()).isEqualTo(6);
        assertThat(h.metrics())
                .containsEntry("joined-rows", 5.0)
                .containsEntry("late-records", 0.0)
                .containsEntry("state-rows", 6.0)
                .containsEntry("state-entries", 2.0); // two keys, no timers
    }

    @Test
    void selectPicksAndRenamesFieldsByOutputOrQualifiedName() throws Exception {
        Map<String, String> select = new LinkedHashMap<>();
        select.put("auction", "right.id");
        select.put("person", "name");
        select.put("pid", "left.id");
        JoinHarness h = people(config("select", select));
        person(h, 1, "Ann", "Oslo");
        auction(h, 10, 1, "lamp");
        assertThat(h.out).containsExactly("{auction=10, person=\"Ann\", pid=1}");
    }

    @Test
    void aRowExpiresStateTtlAfterItWasStoredAndIsThenRemoved() throws Exception {
        JoinHarness h = people(config("stateTtl", Duration.ofMillis(10)));
        person(h, 1, "Ann", "Oslo"); // stored at 0: live while now < 10
        h.advanceTimeTo(9);
        auction(h, 10, 1, "lamp"); // stored at 9: live until 19
        assertThat(h.out).hasSize(1);
        h.advanceTimeTo(10); // Ann expires; her timer removes her
        assertThat(h.stateRows()).isEqualTo(1);
        auction(h, 11, 1, "desk");
        person(h, 1, "Bob", "Rome"); // joins lamp and desk, both live
        assertThat(h.out)
                .containsExactly(
                        "{left.id=1, name=\"Ann\", city=\"Oslo\", right.id=10, seller=1,"
                                + " item=\"lamp\"}",
                        "{left.id=1, name=\"Bob\", city=\"Rome\", right.id=10, seller=1,"
                                + " item=\"lamp\"}",
                        "{left.id=1, name=\"Bob\", city=\"Rome\", right.id=11, seller=1,"
                                + " item=\"desk\"}");
        h.advanceTimeTo(30);
        assertThat(h.stateRows()).isZero();
        assertThat(h.stateEntries()).isZero();
    }

    @Test
    void anIntervalJoinPairsRowsWithinTheBoundsAndDropsLateOnes() throws Exception {
        // right.t in [left.t - 2, left.t + 3]
        JoinHarness h =
                JoinHarness.of(
                        timedConfig("inner", "interval", cfg("lower", "-2ms", "upper", "3ms")),
                        BIDS,
                        "k",
                        ASKS,
                        "k",
                        2);
        bid(h, "a", 10, 1);
        ask(h, "a", 7, 0.5); // 7 < 8: no
        ask(h, "a", 8, 1.5);
        ask(h, "a", 13, 2.5);
        ask(h, "a", 14, 3.5); // 14 > 13: no
        ask(h, "b", 10, 4.5); // another key
        h.watermark(12);
        bid(h, "a", 12, 2); // late: t <= watermark
        bid(h, "a", 15, 3); // joins 13 and 14 (7 and 8 are gone)
        assertThat(h.out)
                .containsExactlyInAnyOrder(
                        "{left.k=\"a\", left.t=10, bid=1, right.k=\"a\", right.t=8, ask=1.5,"
                                + " firm=true}",
                        "{left.k=\"a\", left.t=10, bid=1, right.k=\"a\", right.t=13, ask=2.5,"
                                + " firm=true}",
                        "{left.k=\"a\", left.t=15, bid=3, right.k=\"a\", right.t=13, ask=2.5,"
                                + " firm=true}",
                        "{left.k=\"a\", left.t=15, bid=3, right.k=\"a\", right.t=14, ask=3.5,"
                                + " firm=true}");
        assertThat(h.lateRecords()).isEqualTo(1);
        h.watermark(17); // right rows until t + 2: 14 goes at 16; left 15 stays until 18
        assertThat(h.stateRows()).isEqualTo(1);
        h.finish();
        assertThat(h.stateRows()).isZero();
        assertThat(h.stateEntries()).isZero();
        assertThat(h.metrics()).containsEntry("late-records", 1.0);
    }

    @Test
    void anOuterIntervalJoinEmitsAnUnmatchedRowAloneWhenItLeavesTheState() throws Exception {
        for (String kind : List.of("left", "right", "full")) {
            // right.t in [left.t + 1, left.t + 5]: a left row stays until t + 5, a right one
            // until t - 1
            JoinHarness h =
                    JoinHarness.of(
                            timedConfig(kind, "interval", cfg("lower", "1ms", "upper", "5ms")),
                            BIDS,
                            "k",
                            ASKS,
                            "k",
                            1);
            bid(h, "a", 10, 1);
            ask(h, "a", 12, 0.5); // matches bid 10
            bid(h, "b", 10, 2); // never matched
            ask(h, "c", 30, 1.5); // never matched
            h.watermark(14);
            assertThat(h.out).as(kind).hasSize(1);
            h.watermark(15); // bid b (10 + 5) goes
            String aloneBid =
                    "{left.k=\"b\", left.t=10, bid=2, right.k=\"\", right.t=0, ask=0.0,"
                            + " firm=false}";
            String aloneAsk =
                    "{left.k=\"\", left.t=0, bid=0, right.k=\"c\", right.t=30, ask=1.5,"
                            + " firm=true}";
            List<String> expected = new ArrayList<>();
            expected.add(
                    "{left.k=\"a\", left.t=10, bid=1, right.k=\"a\", right.t=12, ask=0.5,"
                            + " firm=true}");
            if (!kind.equals("right")) {
                expected.add(aloneBid);
            }
            assertThat(h.out).as(kind).containsExactlyElementsOf(expected);
            h.watermark(28);
            assertThat(h.out).as(kind).hasSize(expected.size());
            h.watermark(29); // ask c (30 - 1) goes
            if (!kind.equals("left")) {
                expected.add(aloneAsk);
            }
            assertThat(h.out).as(kind).containsExactlyElementsOf(expected);
            h.finish();
            assertThat(h.out).as(kind).hasSize(expected.size());
        }
    }

    @Test
    void aTumblingWindowJoinPairsTheRowsOfAWindowWhenItFiresAndAFullOnePadsTheUnmatched()
            throws Exception {
        for (String kind : List.of("inner", "full")) {
            JoinHarness h =
                    JoinHarness.of(
                            timedConfig(kind, "window", cfg("tumbling", Duration.ofMillis(10))),
                            BIDS,
                            "k",
                            ASKS,
                            "k",
                            2);
            bid(h, "a", 1, 1);
            ask(h, "a", 9, 0.5);
            bid(h, "a", 10, 2); // the next window
            bid(h, "b", 3, 3); // no ask of b
            ask(h, "c", -1, 1.5); // window [-10, 0)
            List<String> expected = new ArrayList<>();
            if (kind.equals("full")) {
                expected.add(
                        "{left.k=\"\", left.t=0, bid=0, right.k=\"c\", right.t=-1, ask=1.5,"
                                + " firm=true, window_start=-10, window_end=0}");
            }
            h.watermark(8); // [-10, 0) fires
            assertThat(h.out).as(kind).containsExactlyElementsOf(expected);
            h.watermark(9); // [0, 10) fires
            bid(h, "a", 9, 4); // late: its only window fired
            expected.add(
                    "{left.k=\"a\", left.t=1, bid=1, right.k=\"a\", right.t=9, ask=0.5, firm=true,"
                            + " window_start=0, window_end=10}");
            if (kind.equals("full")) {
                expected.add(
                        "{left.k=\"b\", left.t=3, bid=3, right.k=\"\", right.t=0, ask=0.0,"
                                + " firm=false, window_start=0, window_end=10}");
            }
            assertThat(h.out).as(kind).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(h.lateRecords()).isEqualTo(1);
            h.finish();
            if (kind.equals("full")) {
                expected.add(
                        "{left.k=\"a\", left.t=10, bid=2, right.k=\"\", right.t=0, ask=0.0,"
                                + " firm=false, window_start=10, window_end=20}");
            }
            assertThat(h.out).as(kind).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(h.stateEntries()).isZero();
        }
    }

    @Test
    void aSlidingWindowJoinPairsRowsInEachWindowTheyShare() throws Exception {
        // size 10, slide 5: t = 7 is in [0, 10) and [5, 15); t = 12 in [5, 15) and [10, 20)
        JoinHarness h =
                JoinHarness.of(
                        timedConfig(
                                "left",
                                "window",
                                cfg(
                                        "sliding",
                                        cfg(
                                                "size",
                                                Duration.ofMillis(10),
                                                "slide",
                                                Duration.ofMillis(5)))),
                        BIDS,
                        "k",
                        ASKS,
                        "k",
                        1);
        bid(h, "a", 7, 1);
        ask(h, "a", 12, 0.5);
        h.finish();
        assertThat(h.out)
                .containsExactly(
                        "{left.k=\"a\", left.t=7, bid=1, right.k=\"\", right.t=0, ask=0.0,"
                                + " firm=false, window_start=0, window_end=10}",
                        "{left.k=\"a\", left.t=7, bid=1, right.k=\"a\", right.t=12, ask=0.5,"
                                + " firm=true, window_start=5, window_end=15}");
    }

    @Test
    void aSessionWindowJoinMergesTheRowsOfBothSidesIntoSessions() throws Exception {
        JoinHarness h =
                JoinHarness.of(
                        timedConfig(
                                "inner",
                                "window",
                                cfg("session", cfg("gap", Duration.ofMillis(5)))),
                        BIDS,
                        "k",
                        ASKS,
                        "k",
                        1);
        bid(h, "a", 1, 1); // [1, 6)
        ask(h, "a", 9, 0.5); // [9, 14): apart
        bid(h, "a", 5, 2); // [5, 10): joins both into [1, 14)
        bid(h, "a", 20, 3); // [20, 25): a session of its own, no ask
        h.watermark(12);
        assertThat(h.out).isEmpty();
        h.watermark(13);
        assertThat(h.out)
                .containsExactly(
                        "{left.k=\"a\", left.t=1, bid=1, right.k=\"a\", right.t=9, ask=0.5,"
                                + " firm=true, window_start=1, window_end=14}",
                        "{left.k=\"a\", left.t=5, bid=2, right.k=\"a\", right.t=9, ask=0.5,"
                                + " firm=true, window_start=1, window_end=14}");
        bid(h, "a", 8, 4); // [8, 13) ended at the watermark: late
        assertThat(h.lateRecords()).isEqualTo(1);
        h.finish();
        assertThat(h.out).hasSize(2);
        assertThat(h.stateEntries()).isZero();
    }

    @Test
    void aSnapshotAtParallelismTwoRestoresAtOneAndThreeWithTheSameOutput() throws Exception {
        TransformConfig config =
                timedConfig("full", "interval", cfg("lower", "-3ms", "upper", "4ms"));
        List<String> reference = null;
        for (int restoredAt : new int[] {0, 1, 3}) {
            JoinHarness h = JoinHarness.of(config, BIDS, "k", ASKS, "k", 2);
            for (int i = 0; i < 200; i++) {
                if (i == 100 && restoredAt > 0) {
                    h = h.restoredAt(restoredAt, h.snapshot());
                    assertThat(h.operators).hasSize(restoredAt);
                }
                String k = "k" + (i * 7 % 13);
                if (i % 3 == 0) {
                    ask(h, k, i - i % 5, i);
                } else {
                    bid(h, k, i + i % 4, i);
                }
                if (i % 10 == 9) {
                    h.watermark(i - 6);
                }
            }
            h.finish();
            List<String> out = h.out.stream().sorted().toList();
            assertThat(h.stateRows()).isZero();
            if (reference == null) {
                reference = out;
                assertThat(out).hasSizeGreaterThan(100);
            } else {
                assertThat(out).as("restored at " + restoredAt).isEqualTo(reference);
            }
        }
    }

    @Test
    void aKeyGivenAsAnExpressionIsTheInputsLastFieldAndLeftOutOfTheOutput() throws Exception {
        String yaml =
                """
                name: expression-keys
                pipeline:
                  transforms:
                    - {name: a, type: Sequence, config: {to: 9}}
                    - {name: b, type: Sequence, config: {to: 9}}
                    - {name: j, type: Join, input: [a, b], config: {keys: {a: "value % 3", b: "value % 3"}}}
                    - {type: Log, input: j}
                """;
        JobGraph graph = JobGraphCompiler.compile(JobSpecParser.parse(yaml, JobSpecFormat.YAML));
        JobVertex vertex =
                graph.vertices().stream()
                        .filter(v -> v.head().type().equals(TransformCatalog.JOIN))
                        .findFirst()
                        .orElseThrow();
        assertThat(vertex.inputs().getFirst().schema().fields())
                .extracting(Field::name)
                .containsExactly("value", "j.key");
        List<String> out = new ArrayList<>();
        JoinOperator join =
                new JoinOperator(
                        new OperatorContext(
                                        vertex.head(), "job", "test", "j", 0, 1, 0, Clock.SYSTEM)
                                .withInputs(vertex.inputs()),
                        row -> out.add(row.toString()));
        Schema in = vertex.inputs().getFirst().schema();
        join.processRecord1(new Row(in).setLong(0, 4).setLong(1, 1));
        join.processRecord2(new Row(in).setLong(0, 7).setLong(1, 1));
        join.processRecord2(new Row(in).setLong(0, 8).setLong(1, 2));
        assertThat(out).containsExactly("{left.value=4, right.value=7}");
    }

    @Test
    void theNexmarkJoinsOfTheExamplesBuildFromTheirCompiledGraphs() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("../examples/nexmark");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(dir));
        int joins = 0;
        for (String q : List.of("q3", "q5", "q7", "q8")) {
            java.nio.file.Path file = dir.resolve(q + ".yaml");
            if (!java.nio.file.Files.exists(file)) {
                continue;
            }
            JobGraph graph =
                    JobGraphCompiler.compile(
                            JobSpecParser.parse(
                                    java.nio.file.Files.readString(file), JobSpecFormat.YAML));
            for (JobVertex v : graph.vertices()) {
                if (v.head().type().equals(TransformCatalog.JOIN)) {
                    JoinOperator join =
                            new JoinOperator(
                                    new OperatorContext(
                                                    v.head(), "job", q, "j", 0, 2, 0, Clock.SYSTEM)
                                            .withInputs(v.inputs()),
                                    row -> {});
                    assertThat(join.stateEntries()).as(q).isZero();
                    joins++;
                }
            }
        }
        assertThat(joins).isPositive();
    }

    @Test
    void anOutputSchemaThatIsNotTheJoinOfTheInputsFailsAtOnce() throws Exception {
        JoinHarness h = people(config());
        OperatorSpec wrong =
                new OperatorSpec(
                        "j",
                        TransformCatalog.JOIN,
                        h.spec.config(),
                        h.spec.inputSchema(),
                        Optional.of(Schema.of(new Field("id", FieldType.LONG))),
                        Optional.empty(),
                        Optional.empty());
        assertThatThrownBy(
                        () ->
                                new JoinOperator(
                                        new OperatorContext(
                                                        wrong,
                                                        "job",
                                                        "test",
                                                        "j",
                                                        0,
                                                        1,
                                                        0,
                                                        Clock.SYSTEM)
                                                .withInputs(h.edges),
                                        row -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Join \"j\": its output schema")
                .hasMessageContaining("is not the join of its inputs");
        assertThatThrownBy(
                        () ->
                                new JoinOperator(
                                        new OperatorContext(
                                                h.spec, "job", "test", "j", 0, 1, 0, Clock.SYSTEM),
                                        row -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reads two inputs");
    }
}
