package io.spate.jobgraph;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz test of {@link JobGraph#fromJson}, which an executor runs on every deployment it is sent
 * (src-docs/security.md "Fuzzing"): any bytes read as a graph or fail with the documented {@link
 * IllegalArgumentException}, and a graph that reads writes back as the same graph.
 */
class JobGraphJsonFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void readAnyJson(byte[] json) {
        JobGraph graph;
        try {
            graph = JobGraph.fromJson(json);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).startsWith("job graph JSON: ");
            return;
        }
        assertThat(JobGraph.fromJson(graph.toJson())).isEqualTo(graph);
    }
}
