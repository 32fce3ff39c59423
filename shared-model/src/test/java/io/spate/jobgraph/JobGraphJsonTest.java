package io.spate.jobgraph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spate.jobspec.JobGraphCompiler;
import io.spate.jobspec.JobSpecFormat;
import io.spate.jobspec.JobSpecParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JobGraphJsonTest {

    private static JobGraph graph() throws Exception {
        return JobGraphCompiler.compile(
                JobSpecParser.parse(
                        """
            name: round-trip
            parallelism: 2
            bufferTimeout: 250us
            checkpoints: {interval: 2s}
            restart: {attempts: 5, delay: 300ms}
            pipeline:
              transforms:
                - {name: w, type: Words, config: {count: 10, timestamps: true}}
                - {type: KeyBy, config: {field: word}}
                - {type: RunningCount, parallelism: 3}
                - {type: WriteToFiles, config: {path: out, format: jsonl}}
                - {name: s, type: Sequence, config: {from: -3, to: 3}, parallelism: 1}
                - {type: Broadcast}
                - {type: Log}
                - {type: LatencyHistogram, input: w, config: {warmup: 1s}}
            """,
                        JobSpecFormat.YAML));
    }

    @Test
    void roundTripGivesAnEqualGraph() throws Exception {
        JobGraph graph = graph();

        byte[] json = graph.toJson();

        assertThat(JobGraph.fromJson(json)).isEqualTo(graph);
        assertThat(JobGraph.fromJson(JobGraph.fromJson(json).toJson()).toJson()).isEqualTo(json);
    }

    @Test
    void jsonUsesReadableNamesAndDurations() throws Exception {
        String json = new String(graph().toJson(), StandardCharsets.UTF_8);

        assertThat(json)
                .contains("\"bufferTimeout\":\"250us\"")
                .contains("\"checkpointInterval\":\"2s\"")
                .contains("\"tolerableFailedCheckpoints\":3")
                .contains("\"partitioning\":\"HASH\"")
                .contains("\"keyField\":\"word\"")
                .contains("\"warmup\":\"1s\"")
                .contains("{\"name\":\"ts\",\"type\":\"long\"}");
    }

    @Test
    void malformedJsonIsRejectedWithWhatIsWrong() throws Exception {
        String good = new String(graph().toJson(), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> JobGraph.fromJson("{".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("job graph JSON: ");
        assertThatThrownBy(
                        () ->
                                JobGraph.fromJson(
                                        good.replace("\"HASH\"", "\"SHUFFLE\"")
                                                .getBytes(StandardCharsets.UTF_8)))
                .hasMessage("job graph JSON: unknown partitioning SHUFFLE");
        assertThatThrownBy(
                        () ->
                                JobGraph.fromJson(
                                        good.replace("\"Words\"", "\"Wordz\"")
                                                .getBytes(StandardCharsets.UTF_8)))
                .hasMessage("job graph JSON: type: unknown transform type Wordz");
        assertThatThrownBy(
                        () ->
                                JobGraph.fromJson(
                                        good.replace("\"count\":10", "\"count\":\"10\"")
                                                .getBytes(StandardCharsets.UTF_8)))
                .hasMessage("job graph JSON: expected an integer, got \"10\"");
        assertThatThrownBy(
                        () ->
                                JobGraph.fromJson(
                                        good.replace("\"parallelism\":3", "\"parallelism\":0")
                                                .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("parallelism must be at least 1");
    }
}
