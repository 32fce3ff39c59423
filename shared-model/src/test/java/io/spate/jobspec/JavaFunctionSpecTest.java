package io.spate.jobspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.OperatorSpec;
import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Schema;
import org.junit.jupiter.api.Test;

/** The spec side of JavaFunction: class, output schema, top-level jars (java-functions.md). */
class JavaFunctionSpecTest {

    private static final String JAR = "0b7e1c2a-3f4d-4e5f-8a9b-0c1d2e3f4a5b_fn.jar";

    private static String spec(String jars, String config) {
        return """
                name: j
                %s
                pipeline:
                  transforms:
                    - {type: Sequence, config: {to: 10}}
                    - {type: JavaFunction, config: %s}
                    - {type: Discard}
                """
                .formatted(jars, config);
    }

    @Test
    void outputIsTheSchemaEmitted_absentItIsTheInputs() throws Exception {
        JobSpec spec =
                JobSpecParser.parse(
                        spec(
                                "jars: [" + JAR + "]",
                                "{class: com.example.Enrich, output: {value: long, bucket: string,"
                                        + " ok: boolean, x: double}}"),
                        JobSpecFormat.YAML);
        assertThat(spec.jars()).containsExactly(JAR);
        JobGraph graph = JobGraphCompiler.compile(spec);
        assertThat(graph.jars()).extracting(j -> j.id()).containsExactly(JAR);
        OperatorSpec fn = graph.vertices().getFirst().chain().get(1);
        assertThat(fn.outputSchema())
                .contains(
                        Schema.of(
                                new Field("value", FieldType.LONG),
                                new Field("bucket", FieldType.STRING),
                                new Field("ok", FieldType.BOOLEAN),
                                new Field("x", FieldType.DOUBLE)));
        assertThat(JobGraph.fromJson(graph.toJson())).isEqualTo(graph);

        JobSpec same =
                JobSpecParser.parse(spec("", "{class: com.example.EvenOnly}"), JobSpecFormat.YAML);
        OperatorSpec filter = JobGraphCompiler.compile(same).vertices().getFirst().chain().get(1);
        assertThat(filter.outputSchema()).isEqualTo(filter.inputSchema());
    }

    @Test
    void everyMistakeIsReportedWithItsPath() {
        JobSpecException e =
                catchThrowableOfType(
                        JobSpecException.class,
                        () ->
                                JobSpecParser.parse(
                                        spec(
                                                "jars: [../../etc/passwd, "
                                                        + JAR
                                                        + ", "
                                                        + JAR
                                                        + "]",
                                                "{class: 'not a class', output: {v: int, w: 3}}"),
                                        JobSpecFormat.YAML));
        assertThat(e.errors())
                .contains(
                        "jars[0]: not a jar id (<uuid>_<name>.jar, as POST /jars/upload answers):"
                                + " \"../../etc/passwd\"",
                        "jars[2]: listed twice: " + JAR,
                        "pipeline.transforms[1].config.output: w: expected a non-empty string, got 3");
        JobSpecException types =
                catchThrowableOfType(
                        JobSpecException.class,
                        () ->
                                JobSpecParser.parse(
                                        spec("", "{class: 'not a class', output: {v: int}}"),
                                        JobSpecFormat.YAML));
        assertThat(types.errors())
                .containsExactly(
                        "pipeline.transforms[1].config.class: not a Java class name: \"not a class\"");
        JobSpecException output =
                catchThrowableOfType(
                        JobSpecException.class,
                        () ->
                                JobSpecParser.parse(
                                        spec("", "{class: a.B, output: {v: int}}"),
                                        JobSpecFormat.YAML));
        assertThat(output.errors())
                .containsExactly(
                        "pipeline.transforms[1].config.output.v: unknown field type \"int\""
                                + " (string, long, double, boolean)");
        JobSpecException missing =
                catchThrowableOfType(
                        JobSpecException.class,
                        () ->
                                JobSpecParser.parse(
                                        spec("", "{output: {v: long}}"), JobSpecFormat.YAML));
        assertThat(missing.errors())
                .containsExactly("pipeline.transforms[1].config.class: required");
    }
}
