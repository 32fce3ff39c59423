package io.spate.jobspec;

import static io.spate.jobspec.Specs.errors;
import static io.spate.jobspec.Specs.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.spate.jobgraph.JobEdge;
import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.JobVertex;
import io.spate.jobgraph.Partitioning;
import io.spate.record.Field;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Join in a job spec: what a valid one compiles to, and every mistake named by its path. */
class JoinSpecTest {

    private static final String SOURCES =
            """
            name: t
            pipeline:
              transforms:
                - {name: orders, type: Sequence, config: {to: 99, eventTime: {start: 0, step: 10ms}, watermarks: {field: et}}}
                - {name: items, type: MapToFields, config: {fields: {id: "value % 10", et: et, value: value}}}
                - {name: users, type: Sequence, config: {to: 9, eventTime: {start: 0, step: 1s}, watermarks: {field: et}}}
            """;

    private static String join(String config) {
        return SOURCES
                + "    - {name: j, type: Join, input: [items, users], config: "
                + config
                + "}\n"
                + "    - {type: Log}\n";
    }

    private static JobVertex vertex(JobGraph graph, String head) {
        return graph.vertices().stream()
                .filter(v -> v.head().name().equals(head))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aJoinHashesEachInputByItsOwnKeyAndPrefixesTheNamesBothSidesHave() throws Exception {
        JobGraph graph =
                JobGraphCompiler.compile(
                        yaml(
                                join(
                                        "{keys: {items: id, users: value}, interval: {lower: -1s, upper: 0s}}")));
        JobVertex j = vertex(graph, "j");
        assertThat(j.inputs()).hasSize(2);
        JobEdge left = j.inputs().get(0);
        JobEdge right = j.inputs().get(1);
        assertThat(left.partitioning()).isEqualTo(Partitioning.HASH);
        assertThat(left.keyField()).contains("id");
        assertThat(left.timestampField()).contains("et");
        assertThat(right.keyField()).contains("value");
        assertThat(right.schema().fields()).extracting(Field::name).containsExactly("value", "et");
        assertThat(j.head().outputSchema().orElseThrow().fields())
                .extracting(Field::name)
                .containsExactly("id", "left.et", "left.value", "right.value", "right.et");
        assertThat(JobGraph.fromJson(graph.toJson())).isEqualTo(graph);
    }

    @Test
    void aWindowJoinAddsItsWindowAndSelectPicksAndRenames() throws Exception {
        JobGraph graph =
                JobGraphCompiler.compile(
                        yaml(
                                join(
                                        "{keys: {items: id, users: value}, kind: full, window: {tumbling: 1s},"
                                                + " select: {item: id, at: left.et, start: window_start}}")));
        assertThat(vertex(graph, "j").head().outputSchema().orElseThrow().fields())
                .extracting(Field::name)
                .containsExactly("item", "at", "start");
    }

    @Test
    void aKeyExpressionIsComputedBeforeTheEdgeAndLeftOutOfTheOutput() throws Exception {
        JobGraph graph =
                JobGraphCompiler.compile(yaml(join("{keys: {items: \"id * 2\", users: value}}")));
        JobVertex j = vertex(graph, "j");
        JobEdge left = j.inputs().get(0);
        assertThat(left.keyField()).contains("j.key");
        assertThat(left.schema().fields())
                .extracting(Field::name)
                .containsExactly("id", "et", "value", "j.key");
        JobVertex keys =
                graph.vertices().stream()
                        .filter(v -> v.id().equals(left.sourceVertexId()))
                        .findFirst()
                        .orElseThrow();
        assertThat(keys.tail().name()).isEqualTo("j.items.key");
        assertThat(j.head().outputSchema().orElseThrow().fields())
                .extracting(Field::name)
                .doesNotContain("j.key");
    }

    @Test
    void everyJoinProblemIsReportedWithItsPath() {
        List<String> errors =
                errors(
                        join(
                                "{keys: {items: nope, users: value}, kind: left, stateTtl: 0s,"
                                        + " select: {x: missing}}"));
        assertThat(errors)
                .anyMatch(
                        e ->
                                e.startsWith(
                                        "pipeline.transforms[3].config.keys.items: no field 'nope'"))
                .anyMatch(
                        e ->
                                e.startsWith(
                                        "pipeline.transforms[3].config.kind: a regular join is inner only"))
                .anyMatch(
                        e ->
                                e.startsWith(
                                        "pipeline.transforms[3].config.stateTtl: must be positive"))
                .anyMatch(
                        e ->
                                e.startsWith(
                                        "pipeline.transforms[3].config.select.x: no field 'missing'"));
    }

    @Test
    void keysMustNameBothInputsWithKeysOfOneType() {
        assertThat(errors(join("{keys: {items: id, other: value}}")))
                .anyMatch(
                        e ->
                                e.contains(
                                        "config.keys: give one key per input: {items: <field>, users: <field>}"));
        assertThat(errors(join("{keys: {items: id, users: \"string(value)\"}}")))
                .anyMatch(
                        e ->
                                e.contains(
                                        "config.keys: the keys differ in type: items's is long, users's string"));
    }

    @Test
    void aWindowOrIntervalJoinNeedsEventTimeOnBothSidesAndValidBounds() {
        String noTime =
                """
                name: t
                pipeline:
                  transforms:
                    - {name: a, type: Sequence, config: {to: 9}}
                    - {name: b, type: Sequence, config: {to: 9, eventTime: {start: 0, step: 1s}, watermarks: {field: et}}}
                    - {name: j, type: Join, input: [a, b], config: {keys: {a: value, b: value}, window: {tumbling: 1s}}}
                    - {type: Log}
                """;
        assertThat(errors(noTime))
                .anyMatch(
                        e ->
                                e.contains(
                                        "a window join needs event time on both inputs: \"a\" has none"));
        assertThat(
                        errors(
                                join(
                                        "{keys: {items: id, users: value}, interval: {lower: 5s, upper: -5s}}")))
                .anyMatch(e -> e.contains("config.interval.lower: must not be above upper"));
        assertThat(
                        errors(
                                join(
                                        "{keys: {items: id, users: value}, interval: {lower: soon, upper: 0s}}")))
                .anyMatch(e -> e.contains("config.interval.lower: \"soon\" is no duration"));
        assertThat(
                        errors(
                                join(
                                        "{keys: {items: id, users: value}, interval: {lower: 0s, upper: 0s},"
                                                + " window: {tumbling: 1s}}")))
                .anyMatch(e -> e.contains("give window or interval, not both"));
    }

    @Test
    void aJoinReadsTwoInputsAndNoKeyBy() {
        String one =
                SOURCES
                        + "    - {name: j, type: Join, input: items, config: {keys: {items: id}}}\n"
                        + "    - {type: Log}\n";
        assertThat(errors(one))
                .anyMatch(e -> e.contains("a Join reads two inputs, input: [left, right]; got 1"));
        String keyed =
                SOURCES
                        + "    - {name: k, type: KeyBy, input: items, config: {field: id}}\n"
                        + "    - {name: j, type: Join, input: [k, users], config: {keys: {k: id, users: value}}}\n"
                        + "    - {type: Log}\n";
        assertThat(errors(keyed))
                .anyMatch(e -> e.contains("a Join partitions its inputs by its keys itself"));
    }
}
