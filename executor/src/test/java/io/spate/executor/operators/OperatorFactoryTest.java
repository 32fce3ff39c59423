package io.spate.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spate.clock.Clock;
import io.spate.jobgraph.JobEdge;
import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.JobVertex;
import io.spate.jobgraph.OperatorSpec;
import io.spate.jobspec.JobGraphCompiler;
import io.spate.jobspec.JobSpecFormat;
import io.spate.jobspec.JobSpecParser;
import io.spate.transform.TransformCatalog;
import io.spate.transform.TransformConfig;
import io.spate.transform.TransformDescriptor;
import io.spate.transform.TransformKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The factory and the transform catalogue name the same operators. */
class OperatorFactoryTest {

    /** A job that uses every built-in type; its compiled graph has one operator of each. */
    private static final String EVERY_TYPE =
            """
            name: every-type
            pipeline:
              transforms:
                - {name: words, type: Words, config: {timestamps: true}}
                - {name: latency, type: LatencyHistogram, input: words}
                - {name: sequence, type: Sequence, config: {to: 9}}
                - {name: discard, type: Discard, input: sequence}
                - {name: text, type: ReadFromText, config: {path: /nonexistent}}
                - {name: tokenize, type: Tokenize, input: text}
                - {name: key, type: KeyBy, input: tokenize, config: {field: word}}
                - {name: spread, type: Rebalance, input: tokenize}
                - {name: everywhere, type: Broadcast, input: tokenize}
                - {name: count, type: RunningCount, input: key}
                - {name: et, type: Sequence, config: {to: 9, eventTime: {start: 0}}}
                - {name: stamp, type: AssignWatermarks, input: et, config: {field: et}}
                - {name: by-value, type: KeyBy, input: stamp, config: {field: value}}
                - {name: window, type: Window, input: by-value, config: {tumbling: 1s, aggregations: [{count: {}}]}}
                - {name: window-log, type: Log, input: window}
                - {name: filter, type: Filter, input: stamp, config: {expression: "value > 3"}}
                - {name: map, type: MapToFields, input: filter, config: {fields: {v: "value * 2"}}}
                - {name: map-log, type: Log, input: map}
                - {name: nexmark, type: Nexmark, config: {events: 100}}
                - {name: bids, type: Log, input: nexmark.bid}
                - {name: files, type: WriteToFiles, input: count, config: {path: /nonexistent}}
                - {name: log, type: Log, input: spread}
                - {name: log-all, type: Log, input: everywhere}
                - {name: fn, type: JavaFunction, input: sequence, config: {class: "io.spate.executor.operators.OperatorFactoryTest$Identity"}}
                - {name: fn-log, type: Log, input: fn}
                - {name: join, type: Join, input: [sequence, et], config: {keys: {sequence: value, et: value}}}
                - {name: join-log, type: Log, input: join}
            """;

    /** A user function on the test class path (a job's class loader finds it in its parent). */
    public static class Identity implements io.spate.api.MapFunction {
        @Override
        public io.spate.record.Row map(io.spate.record.Row in) {
            return in;
        }
    }

    @Test
    void everyCatalogueOperatorHasAnOperatorAndPartitionersAreEdges() throws Exception {
        Map<String, OperatorSpec> specByType = operatorSpecsByType(EVERY_TYPE);
        Map<String, List<JobEdge>> inputsByType = headInputsByType(EVERY_TYPE);
        for (TransformDescriptor d : TransformCatalog.BUILT_IN.descriptors()) {
            if (d.kind() == TransformKind.PARTITIONER) {
                // A partitioner becomes the partitioning of edges: no operator, in the graph or
                // in the factory.
                assertThat(specByType).as(d.type()).doesNotContainKey(d.type());
                assertThat(OperatorFactory.TYPES).as(d.type()).doesNotContain(d.type());
                OperatorSpec partitioner =
                        new OperatorSpec(
                                "p",
                                d.type(),
                                TransformConfig.EMPTY,
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty());
                assertThatThrownBy(() -> create(partitioner))
                        .as(d.type())
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(d.type() + " is a partitioner");
                continue;
            }
            assertThat(OperatorFactory.TYPES).as(d.type()).contains(d.type());
            assertThat(specByType).as("the test job uses " + d.type()).containsKey(d.type());
            Operator operator =
                    switch (d.type()) {
                        case TransformCatalog.JAVA_FUNCTION ->
                                createWithUserCode(specByType.get(d.type()));
                        case TransformCatalog.JOIN ->
                                // A two-input operator finds its sides on the vertex's edges.
                                OperatorFactory.create(
                                        OperatorTesting.context(
                                                        specByType.get(d.type()),
                                                        0,
                                                        1,
                                                        Clock.SYSTEM)
                                                .withInputs(inputsByType.get(d.type())),
                                        row -> {});
                        default -> create(specByType.get(d.type()));
                    };
            if (d.kind() == TransformKind.SOURCE) {
                assertThat(operator).as(d.type()).isInstanceOf(SourceOperator.class);
            } else if (d.type().equals(TransformCatalog.JOIN)) {
                assertThat(operator).as(d.type()).isInstanceOf(TwoInputOperator.class);
            } else {
                assertThat(operator).as(d.type()).isInstanceOf(OneInputOperator.class);
            }
        }
    }

    @Test
    void everyTypeTheFactoryBuildsIsACatalogueOperator() {
        for (String type : OperatorFactory.TYPES) {
            Optional<TransformDescriptor> d = TransformCatalog.BUILT_IN.find(type);
            assertThat(d).as(type).isPresent();
            assertThat(d.get().kind()).as(type).isNotEqualTo(TransformKind.PARTITIONER);
        }
        assertThat(OperatorFactory.TYPES).doesNotHaveDuplicates();
    }

    @Test
    void anUnknownTypeIsNamedWithTheTypesThisExecutorRuns() {
        OperatorSpec unknown =
                new OperatorSpec(
                        "s",
                        "Sort",
                        TransformConfig.EMPTY,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty());
        assertThatThrownBy(() -> create(unknown))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "operator s: unknown type \"Sort\" (this executor runs Words, Sequence,"
                                + " ReadFromText, Nexmark, Tokenize, RunningCount, AssignWatermarks, Filter,"
                                + " MapToFields, Window, Join, JavaFunction,"
                                + " WriteToFiles, Discard, Log,"
                                + " LatencyHistogram)");
    }

    /** As a task of a job with jars does: its class loader is the thread's context loader. */
    private static Operator createWithUserCode(OperatorSpec spec) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        try (var loader =
                new io.spate.executor.usercode.UserCodeClassLoader(
                        "job", new java.net.URL[0], OperatorFactoryTest.class.getClassLoader())) {
            t.setContextClassLoader(loader);
            return create(spec);
        } finally {
            t.setContextClassLoader(before);
        }
    }

    private static Operator create(OperatorSpec spec) {
        return OperatorFactory.create(OperatorTesting.context(spec, 0, 1, Clock.SYSTEM), row -> {});
    }

    /** The input edges of the vertex each type heads (first found). */
    private static Map<String, List<JobEdge>> headInputsByType(String yaml) throws Exception {
        JobGraph graph = JobGraphCompiler.compile(JobSpecParser.parse(yaml, JobSpecFormat.YAML));
        Map<String, List<JobEdge>> byType = new HashMap<>();
        for (JobVertex vertex : graph.vertices()) {
            byType.putIfAbsent(vertex.head().type(), vertex.inputs());
        }
        return byType;
    }

    private static Map<String, OperatorSpec> operatorSpecsByType(String yaml) throws Exception {
        JobGraph graph = JobGraphCompiler.compile(JobSpecParser.parse(yaml, JobSpecFormat.YAML));
        Map<String, OperatorSpec> byType = new HashMap<>();
        for (JobVertex vertex : graph.vertices()) {
            for (OperatorSpec spec : vertex.chain()) {
                byType.putIfAbsent(spec.type(), spec);
            }
        }
        return byType;
    }
}
