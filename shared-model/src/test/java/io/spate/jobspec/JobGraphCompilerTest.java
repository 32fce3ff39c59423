package io.spate.jobspec;

import static io.spate.jobspec.Specs.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.spate.jobgraph.JobEdge;
import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.JobVertex;
import io.spate.jobgraph.OperatorSpec;
import io.spate.jobgraph.Partitioning;
import io.spate.jobgraph.RestartStrategy;
import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Schema;
import io.spate.transform.TransformCatalog;
import io.spate.transform.TransformConfig;
import io.spate.transform.TransformDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobGraphCompilerTest {

    private static final Schema WORD = Schema.of(new Field("word", FieldType.STRING));

    private static JobGraph compile(String yaml) throws JobSpecException {
        return JobGraphCompiler.compile(yaml(yaml));
    }

    @Test
    void everyPartitionerOfTheCatalogueBecomesAnEdgePartitioningAndNothingElseDoes() {
        for (TransformDescriptor d : TransformCatalog.BUILT_IN.descriptors()) {
            assertThat(EdgePartitioning.after(d).isPresent())
                    .as(d.type())
                    .isEqualTo(d.isPartitioner());
        }
        assertThat(EdgePartitioning.after(TransformCatalog.BUILT_IN.find("KeyBy").orElseThrow()))
                .contains(Partitioning.HASH);
    }

    @Test
    void wordCountBecomesTwoVerticesJoinedByAHashEdge() throws Exception {
        JobGraph graph =
                compile(
                        """
            name: wordcount
            parallelism: 2
            checkpoints: {interval: 1s}
            pipeline:
              transforms:
                - type: Words
                  config: {count: 2000000, vocabulary: 10000}
                - type: KeyBy
                  config: {field: word}
                - type: RunningCount
                - type: WriteToFiles
                  config: {path: out/wordcount}
            """);

        assertThat(graph.name()).isEqualTo("wordcount");
        assertThat(graph.checkpointInterval()).contains(Duration.ofSeconds(1));
        assertThat(graph.tolerableFailedCheckpoints())
                .isEqualTo(JobSpec.DEFAULT_TOLERABLE_FAILED_CHECKPOINTS);
        assertThat(graph.bufferTimeout()).isEqualTo(Duration.ofMillis(5));
        assertThat(graph.restart()).isEqualTo(new RestartStrategy(3, Duration.ofSeconds(1)));
        assertThat(graph.vertices())
                .extracting(JobVertex::name, JobVertex::parallelism)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Words", 2),
                        org.assertj.core.groups.Tuple.tuple("RunningCount -> WriteToFiles", 2));
        JobVertex words = graph.vertices().get(0);
        JobVertex count = graph.vertices().get(1);
        assertThat(words.inputs()).isEmpty();
        assertThat(words.head().outputSchema()).contains(WORD);
        assertThat(count.inputs())
                .containsExactly(
                        new JobEdge(words.id(), Partitioning.HASH, Optional.of("word"), WORD));
        Schema counted =
                Schema.of(new Field("word", FieldType.STRING), new Field("count", FieldType.LONG));
        assertThat(count.chain())
                .containsExactly(
                        new OperatorSpec(
                                "RunningCount",
                                "RunningCount",
                                TransformConfig.EMPTY,
                                Optional.of(WORD),
                                Optional.of(counted),
                                Optional.of("word")),
                        new OperatorSpec(
                                "WriteToFiles",
                                "WriteToFiles",
                                new TransformConfig(
                                        Map.of("path", "out/wordcount", "format", "csv")),
                                Optional.of(counted),
                                Optional.empty(),
                                Optional.empty()));
        assertThat(graph.outputs(words.id()))
                .singleElement()
                .satisfies(o -> assertThat(o.consumer()).isSameAs(count));
        assertThat(graph.outputs(count.id())).isEmpty();
    }

    @Test
    void forwardEdgesBetweenEqualParallelismChain() throws Exception {
        JobGraph graph =
                compile(
                        """
            name: text
            pipeline:
              transforms:
                - type: ReadFromText
                  config: {path: in}
                - type: Tokenize
                - type: Log
            """);

        assertThat(graph.vertices())
                .singleElement()
                .satisfies(
                        v -> {
                            assertThat(v.name()).isEqualTo("ReadFromText -> Tokenize -> Log");
                            assertThat(v.chain())
                                    .extracting(OperatorSpec::type)
                                    .containsExactly("ReadFromText", "Tokenize", "Log");
                        });
    }

    @Test
    void differentParallelismRebalancesAndBreaksTheChain() throws Exception {
        JobGraph graph =
                compile(
                        """
            name: t
            parallelism: 3
            pipeline:
              transforms:
                - {type: Words, parallelism: 1}
                - {type: Tokenize, config: {field: word}}
                - {type: Discard}
            """);

        assertThat(graph.vertices())
                .extracting(JobVertex::name)
                .containsExactly("Words", "Tokenize -> Discard");
        assertThat(graph.vertices().get(1).inputs())
                .extracting(JobEdge::partitioning)
                .containsExactly(Partitioning.REBALANCE);
    }

    @Test
    void explicitPartitionersDecideTheEdgeAndPreventChaining() throws Exception {
        JobGraph graph =
                compile(
                        """
            name: t
            pipeline:
              transforms:
                - {name: src, type: Sequence, config: {to: 100}}
                - {type: Rebalance}
                - {name: r, type: Log}
                - {name: b, type: Broadcast, input: src}
                - {name: all, type: Discard, input: b}
            """);

        assertThat(graph.vertices()).extracting(JobVertex::name).containsExactly("src", "r", "all");
        assertThat(graph.vertices().get(1).inputs().getFirst().partitioning())
                .isEqualTo(Partitioning.REBALANCE);
        assertThat(graph.vertices().get(2).inputs().getFirst().partitioning())
                .isEqualTo(Partitioning.BROADCAST);
        assertThat(graph.outputs(graph.vertices().get(0).id())).hasSize(2);
    }

    @Test
    void anOperatorWithTwoConsumersEndsItsChain() throws Exception {
        JobGraph graph =
                compile(
                        """
            name: t
            pipeline:
              transforms:
                - {name: src, type: Words}
                - {name: tok, type: Tokenize, config: {field: word}}
                - {name: a, type: Log}
                - {name: b, type: Discard, input: tok}
            """);

        assertThat(graph.vertices())
                .extracting(JobVertex::name)
                .containsExactly("src -> tok", "a", "b");
        assertThat(graph.vertices().get(1).inputs().getFirst().partitioning())
                .isEqualTo(Partitioning.FORWARD);
    }

    @Test
    void aUnionHasOneEdgePerInputAndIsNotChained() throws Exception {
        JobGraph graph =
                compile(
                        """
            name: t
            pipeline:
              transforms:
                - {name: a, type: Sequence, config: {to: 9}}
                - {name: b, type: Sequence, config: {from: 10, to: 19}}
                - {name: k, type: KeyBy, input: [a, b], config: {field: value}}
                - {name: n, type: RunningCount}
                - {name: out, type: Log}
            """);

        assertThat(graph.vertices())
                .extracting(JobVertex::name)
                .containsExactly("a", "b", "n -> out");
        assertThat(graph.vertices().get(2).inputs())
                .extracting(JobEdge::sourceVertexId, JobEdge::partitioning)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                graph.vertices().get(0).id(), Partitioning.HASH),
                        org.assertj.core.groups.Tuple.tuple(
                                graph.vertices().get(1).id(), Partitioning.HASH));
    }

    @Test
    void verticesAreInTopologicalOrderWhateverTheWrittenOrder() throws Exception {
        JobGraph graph =
                compile(
                        """
            name: t
            pipeline:
              transforms:
                - {name: out, type: Log, input: tok}
                - {name: tok, type: Tokenize, input: src, config: {field: word}, parallelism: 2}
                - {name: src, type: Words}
            """);

        assertThat(graph.vertices())
                .extracting(JobVertex::name)
                .containsExactly("src", "tok", "out");
    }

    @Test
    void vertexIdsAreDeterministicAndDependOnTheJob() throws Exception {
        String spec = "name: %s\npipeline:\n  transforms:\n    - type: Words\n    - type: Log\n";
        JobGraph one = compile(spec.formatted("a"));
        JobGraph again = compile(spec.formatted("a"));
        JobGraph other = compile(spec.formatted("b"));

        assertThat(one.vertices().getFirst().id())
                .matches("[0-9a-f]{32}")
                .isEqualTo(again.vertices().getFirst().id())
                .isNotEqualTo(other.vertices().getFirst().id());
        assertThat(one).isEqualTo(again);
    }

    @Test
    void aSpecBuiltInCodeIsValidatedToo() {
        JobSpec spec =
                new JobSpec(
                        "t",
                        1,
                        Duration.ZERO,
                        Optional.empty(),
                        JobSpec.DEFAULT_TOLERABLE_FAILED_CHECKPOINTS,
                        RestartSpec.DEFAULT,
                        List.of(
                                new TransformSpec(
                                        "w",
                                        "Words",
                                        new TransformConfig(Map.of("rate", -1L)),
                                        List.of(),
                                        1),
                                new TransformSpec(
                                        "c",
                                        "RunningCount",
                                        TransformConfig.EMPTY,
                                        List.of("w"),
                                        1)));

        JobSpecException e =
                catchThrowableOfType(JobSpecException.class, () -> JobGraphCompiler.compile(spec));

        assertThat(e.errors())
                .containsExactly(
                        "pipeline.transforms[0].config.rate: must not be negative, got -1",
                        "pipeline.transforms[0].config.vocabulary: required",
                        "pipeline.transforms[0].config.timestamps: required",
                        "pipeline.transforms[1]: nothing reads the output of \"c\" (RunningCount); end every"
                                + " branch with a sink (WriteToFiles, Discard, Log, LatencyHistogram)");
    }
}
