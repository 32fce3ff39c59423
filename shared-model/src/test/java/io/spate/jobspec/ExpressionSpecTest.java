package io.spate.jobspec;

import static io.spate.jobspec.Specs.errors;
import static io.spate.jobspec.Specs.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.spate.jobgraph.JobEdge;
import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.JobVertex;
import io.spate.jobgraph.OperatorSpec;
import io.spate.jobgraph.Partitioning;
import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expressions in a job spec: what valid ones compile to, and every error at once, with paths. */
class ExpressionSpecTest {

    private static final String SOURCE =
            "    - {name: src, type: Sequence, config: {to: 999, eventTime: {start: 0, step: 1ms},"
                    + " watermarks: {field: et}}}\n";

    private static OperatorSpec operator(JobGraph graph, String name) {
        return graph.vertices().stream()
                .flatMap(v -> v.chain().stream())
                .filter(o -> o.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static JobVertex vertex(JobGraph graph, String name) {
        return graph.vertices().stream()
                .filter(v -> v.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void filterMapToFieldsKeyByAndWindowExpressionsCompile() throws Exception {
        JobGraph graph =
                JobGraphCompiler.compile(
                        yaml(
                                "name: t\nparallelism: 2\npipeline:\n  transforms:\n"
                                        + SOURCE
                                        + "    - {name: big, type: Filter, config: {expression: \"value % 3 != 0\","
                                        + " onError: deadLetter}}\n"
                                        + "    - {name: m, type: MapToFields, config: {append: true, fields:"
                                        + " {half: \"value / 2.0\", label: \"'v' + string(value)\"}}}\n"
                                        + "    - {name: k, type: KeyBy, config: {field: bucket, expression: \"value % 10\"}}\n"
                                        + "    - {name: w, type: Window, config: {tumbling: 100ms, aggregations:"
                                        + " [{sum: \"half * 2.0\", as: total}, {max: value}]}}\n"
                                        + "    - {name: out, type: Log, input: w}\n"
                                        + "    - {name: dead, type: Log, input: big.deadLetter}\n"));
        Schema m = operator(graph, "m").outputSchema().orElseThrow();
        assertThat(m.fields())
                .containsExactly(
                        new Field("value", FieldType.LONG),
                        new Field("et", FieldType.LONG),
                        new Field("half", FieldType.DOUBLE),
                        new Field("label", FieldType.STRING));
        // the KeyBy's key is computed by an operator chained to the records' side of the edge
        OperatorSpec key = operator(graph, "k.key");
        assertThat(key.type()).isEqualTo("MapToFields");
        assertThat(key.outputSchema().orElseThrow().fields())
                .endsWith(new Field("bucket", FieldType.LONG));
        // big has two outputs (its records and its dead letters), so m starts a vertex
        assertThat(graph.vertices().stream().map(JobVertex::name))
                .contains("src -> big", "m -> k.key", "w -> out", "dead");
        OperatorSpec w = operator(graph, "w");
        assertThat(w.keyField()).contains("bucket");
        assertThat(w.timestampField()).contains("et");
        assertThat(w.outputSchema().orElseThrow().fields())
                .containsExactly(
                        new Field("bucket", FieldType.LONG),
                        new Field("window_start", FieldType.LONG),
                        new Field("window_end", FieldType.LONG),
                        new Field("total", FieldType.DOUBLE),
                        new Field("max_value", FieldType.LONG));
        JobEdge toWindow = vertex(graph, "w -> out").inputs().getFirst();
        assertThat(toWindow.partitioning()).isEqualTo(Partitioning.HASH);
        assertThat(toWindow.keyField()).contains("bucket");
        // dead letters: the filter's input plus error, on a side-output edge
        JobEdge dead = vertex(graph, "dead").inputs().getFirst();
        assertThat(dead.sideOutput()).contains("deadLetter");
        assertThat(dead.schema().fields())
                .containsExactly(
                        new Field("value", FieldType.LONG),
                        new Field("et", FieldType.LONG),
                        new Field("error", FieldType.STRING));
        assertThat(JobGraph.fromJson(graph.toJson())).isEqualTo(graph);
    }

    @Test
    void everyExpressionProblemIsReportedAtOnceWithPathExpressionAndColumn() {
        List<String> errors =
                errors(
                        "name: t\npipeline:\n  transforms:\n"
                                + SOURCE
                                + "    - {name: f, type: Filter, input: src, config: {expression: \"value + 1\"}}\n"
                                + "    - {name: g, type: Filter, input: src, config: {expression: \"value >\"}}\n"
                                + "    - {name: m, type: MapToFields, input: src, config: {fields:"
                                + " {a: \"valu * 2\", b: \"'x' * 2\", c: \"value\"}}}\n"
                                + "    - {name: k, type: KeyBy, input: src, config: {field: et, expression: \"value % 2\"}}\n"
                                + "    - {name: k2, type: KeyBy, input: src, config: {field: value, onError: drop}}\n"
                                + "    - {name: k3, type: KeyBy, input: src, config: {field: value}}\n"
                                + "    - {name: w, type: Window, input: k3, config: {tumbling: 1s, aggregations:"
                                + " [{sum: \"value * 2\"}, {avg: \"string(value)\", as: s}]}}\n"
                                + "    - {type: Log, input: [f]}\n"
                                + "    - {type: Log, input: [g]}\n"
                                + "    - {type: Log, input: [m]}\n"
                                + "    - {type: Log, input: [k]}\n"
                                + "    - {type: Log, input: [k2]}\n"
                                + "    - {type: Log, input: [w]}\n");
        assertThat(errors)
                .contains(
                        "pipeline.transforms[1].config.expression: \"value + 1\": is int, a filter needs a bool",
                        "pipeline.transforms[2].config.expression: \"value >\": column 8: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}",
                        "pipeline.transforms[3].config.fields.a: \"valu * 2\": column 1: undeclared reference to 'valu' (in container '')",
                        "pipeline.transforms[4].config.field: the expression's key is added as field 'et', and the input has one already; name the key otherwise",
                        "pipeline.transforms[5].config.onError: belongs to a KeyBy by expression",
                        "pipeline.transforms[7].config.aggregations[0].as: required: \"value * 2\" is no field of {value: long, et: long}, so it is an expression, and its result needs a name",
                        "pipeline.transforms[7].config.aggregations[1].avg: avg needs a number (long or double); 'string(value)' is string");
        assertThat(errors)
                .anyMatch(
                        e ->
                                e.startsWith(
                                        "pipeline.transforms[3].config.fields.b: \"'x' * 2\": column 5: found no matching overload for '_*_' applied to '(string, int)'"));
    }

    @Test
    void deadLettersAreThereOnlyWithOnErrorDeadLetterAndAddAnErrorField() {
        assertThat(
                        errors(
                                "name: t\npipeline:\n  transforms:\n"
                                        + SOURCE
                                        + "    - {name: f, type: Filter, config: {expression: \"value > 1\"}}\n"
                                        + "    - {type: Log, input: f}\n"
                                        + "    - {type: Log, input: f.deadLetter}\n"))
                .containsExactly(
                        "pipeline.transforms[3].input: \"f.deadLetter\": \"f\" (Filter) has no side outputs; set onError: deadLetter for its dead letters");
        assertThat(
                        errors(
                                "name: t\npipeline:\n  transforms:\n"
                                        + SOURCE
                                        + "    - {name: m, type: MapToFields, config: {fields: {error: \"value\"}}}\n"
                                        + "    - {name: f, type: Filter, config: {expression: \"error > 1\","
                                        + " onError: deadLetter}}\n"
                                        + "    - {type: Log, input: f}\n"))
                .containsExactly(
                        "pipeline.transforms[2].config.onError: dead letters are the input plus a field 'error', and the input has one already; rename it first");
    }

    @Test
    void aMalformedFieldsMappingNamesTheField() {
        assertThat(
                        errors(
                                "name: t\npipeline:\n  transforms:\n"
                                        + SOURCE
                                        + "    - {name: m, type: MapToFields, config: {fields: {a: 3}}}\n"
                                        + "    - {type: Log, input: m}\n"))
                .containsExactly(
                        "pipeline.transforms[1].config.fields: a: expected a non-empty string, got 3");
        assertThat(
                        errors(
                                "name: t\npipeline:\n  transforms:\n"
                                        + SOURCE
                                        + "    - {name: m, type: MapToFields, config: {fields: {}}}\n"
                                        + "    - {type: Log, input: m}\n"))
                .containsExactly(
                        "pipeline.transforms[1].config.fields: expected a mapping of names to strings, got {}");
    }
}
