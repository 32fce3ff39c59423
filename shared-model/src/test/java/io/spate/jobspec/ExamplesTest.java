package io.spate.jobspec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.JobVertex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every job users start from parses, validates and compiles; the examples say what they do. */
class ExamplesTest {

    static List<Path> examples() throws IOException {
        // examples/*.yaml and the Nexmark queries in examples/nexmark/
        try (Stream<Path> files = Files.walk(Repo.root().resolve("examples"), 2)) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertThat(yaml)
                    .extracting(p -> p.getFileName().toString())
                    .contains("wordcount.yaml", "textcount.yaml", "latency.yaml", "q0.yaml");
            return yaml;
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void parsesValidatesAndCompiles(Path example) throws Exception {
        JobSpec spec = JobSpecParser.parse(example);
        JobGraph graph = JobGraphCompiler.compile(spec);

        assertThat(graph.vertices()).isNotEmpty();
        assertThat(JobGraph.fromJson(graph.toJson())).isEqualTo(graph);
    }

    @ParameterizedTest
    @MethodSource("examples")
    void itsJsonFormIsTheSameSpec(Path example) throws Exception {
        String json =
                JsonMapper.builder()
                        .build()
                        .writeValueAsString(new YAMLMapper().readTree(example.toFile()));

        assertThat(JobSpecParser.parse(json, JobSpecFormat.JSON))
                .isEqualTo(JobSpecParser.parse(example));
    }

    @Test
    void wordCountIsTheGraphItsCommentDraws() throws Exception {
        JobGraph graph =
                JobGraphCompiler.compile(
                        JobSpecParser.parse(Repo.root().resolve("examples/wordcount.yaml")));

        assertThat(graph.vertices())
                .extracting(JobVertex::name)
                .containsExactly("Words", "RunningCount -> WriteToFiles");
        assertThat(graph.vertices()).extracting(JobVertex::parallelism).containsExactly(2, 2);
    }

    @Test
    void textCountReadsATextShippedInTheRepository() throws Exception {
        JobSpec spec = JobSpecParser.parse(Repo.root().resolve("examples/textcount.yaml"));
        Path text = Repo.root().resolve(spec.transforms().getFirst().config().getString("path"));

        assertThat(text).isRegularFile();
        assertThat(Files.size(text)).isGreaterThan(2_000);
        assertThat(JobGraphCompiler.compile(spec).vertices())
                .extracting(JobVertex::name)
                .containsExactly("ReadFromText -> Tokenize", "RunningCount -> WriteToFiles");
    }
}
