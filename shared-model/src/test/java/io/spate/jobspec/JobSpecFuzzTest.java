package io.spate.jobspec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.spate.jobgraph.JobGraph;

/**
 * Fuzz tests of what {@code POST /jobs} reads (src-docs/security.md "Fuzzing"): any bytes as YAML
 * or JSON either become a job graph or fail with a {@link JobSpecException} whose every line names
 * what is wrong, never with another exception; and every graph they become survives the JSON form
 * the coordinator sends to executors. Seeds: {@code JobSpecFuzzTestInputs/<target>/}.
 */
class JobSpecFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void parseYaml(byte[] spec) {
        parseAndCompile(spec, JobSpecFormat.YAML);
    }

    @FuzzTest(maxDuration = "20s")
    void parseJson(byte[] spec) {
        parseAndCompile(spec, JobSpecFormat.JSON);
    }

    private static void parseAndCompile(byte[] spec, JobSpecFormat format) {
        JobGraph graph;
        try {
            graph = JobGraphCompiler.compile(JobSpecParser.parse(spec, format));
        } catch (JobSpecException e) {
            assertThat(e.errors()).isNotEmpty().allSatisfy(line -> assertThat(line).isNotBlank());
            return;
        }
        assertThat(JobGraph.fromJson(graph.toJson())).isEqualTo(graph);
    }
}
