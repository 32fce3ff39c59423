package io.spate.jobspec;

import static io.spate.jobspec.Specs.job;
import static io.spate.jobspec.Specs.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.spate.transform.TransformConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobSpecParserTest {

    @Test
    void readsTheContractsExampleWithEverySetting() throws Exception {
        JobSpec spec =
                yaml(
                        """
            name: wordcount
            parallelism: 2
            bufferTimeout: 5ms
            checkpoints:
              interval: 1s
              tolerableFailedCheckpoints: 5
            restart:
              attempts: 10
              delay: 200ms
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

        assertThat(spec.name()).isEqualTo("wordcount");
        assertThat(spec.parallelism()).isEqualTo(2);
        assertThat(spec.bufferTimeout()).isEqualTo(Duration.ofMillis(5));
        assertThat(spec.checkpointInterval()).contains(Duration.ofSeconds(1));
        assertThat(spec.tolerableFailedCheckpoints()).isEqualTo(5);
        assertThat(spec.restart()).isEqualTo(new RestartSpec(10, Duration.ofMillis(200)));
        assertThat(spec.transforms())
                .containsExactly(
                        new TransformSpec(
                                "Words",
                                "Words",
                                new TransformConfig(
                                        Map.of(
                                                "count",
                                                2_000_000L,
                                                "vocabulary",
                                                10_000L,
                                                "rate",
                                                0L,
                                                "timestamps",
                                                false)),
                                List.of(),
                                2),
                        new TransformSpec(
                                "KeyBy",
                                "KeyBy",
                                new TransformConfig(Map.of("field", "word")),
                                List.of("Words"),
                                2),
                        new TransformSpec(
                                "RunningCount",
                                "RunningCount",
                                TransformConfig.EMPTY,
                                List.of("KeyBy"),
                                2),
                        new TransformSpec(
                                "WriteToFiles",
                                "WriteToFiles",
                                new TransformConfig(
                                        Map.of("path", "out/wordcount", "format", "csv")),
                                List.of("RunningCount"),
                                2));
    }

    @Test
    void fillsInJobDefaults() throws Exception {
        JobSpec spec =
                yaml(job("    - type: Sequence\n      config: {to: 9}\n    - type: Discard"));

        assertThat(spec.parallelism()).isEqualTo(1);
        assertThat(spec.bufferTimeout()).isEqualTo(Duration.ofMillis(5));
        assertThat(spec.checkpointInterval()).isEmpty();
        assertThat(spec.tolerableFailedCheckpoints()).isEqualTo(3);
        assertThat(spec.restart()).isEqualTo(new RestartSpec(3, Duration.ofSeconds(1)));
        assertThat(spec.transforms().get(0).config().values())
                .isEqualTo(Map.of("from", 0L, "to", 9L, "rate", 0L));
    }

    @Test
    void wordsWithoutCountIsUnboundedAndHasTheDocumentedDefaults() throws Exception {
        JobSpec spec = yaml(job("    - type: Words\n    - type: Log"));

        TransformConfig config = spec.transforms().get(0).config();
        assertThat(config.has("count")).isFalse();
        assertThat(config.getLong("vocabulary")).isEqualTo(10_000);
        assertThat(config.getLong("rate")).isZero();
        assertThat(config.getBoolean("timestamps")).isFalse();
    }

    @Test
    void durationsAcceptABareNumberOfMilliseconds() throws Exception {
        JobSpec spec =
                yaml(
                        "name: t\nbufferTimeout: 0\ncheckpoints: {interval: 250}\nrestart: {delay: 2m}\n"
                                + "pipeline:\n  transforms:\n    - type: Words\n      config: {timestamps: true}\n"
                                + "    - type: LatencyHistogram\n      config: {warmup: 1500}\n");

        assertThat(spec.bufferTimeout()).isZero();
        assertThat(spec.checkpointInterval()).contains(Duration.ofMillis(250));
        assertThat(spec.restart().delay()).isEqualTo(Duration.ofMinutes(2));
        assertThat(spec.transforms().get(1).config().getDuration("warmup"))
                .isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aTransformMayOverrideTheJobParallelism() throws Exception {
        JobSpec spec =
                yaml(
                        "name: t\nparallelism: 4\npipeline:\n  transforms:\n"
                                + "    - type: Words\n      parallelism: 1\n    - type: Discard\n");

        assertThat(spec.transforms()).extracting(TransformSpec::parallelism).containsExactly(1, 4);
    }

    @Test
    void generatedNamesAreTheTypeWhenUniqueElseTypeAndIndex() throws Exception {
        JobSpec spec =
                yaml(
                        job(
                                """
                    - type: Words
                    - type: Tokenize
                      config: {field: word}
                    - type: Tokenize
                      config: {field: word}
                    - name: Discard-3
                      type: Log
                    - type: Discard
                      input: Tokenize-2
                """));

        assertThat(spec.transforms())
                .extracting(TransformSpec::name)
                .containsExactly("Words", "Tokenize-1", "Tokenize-2", "Discard-3", "Discard");
    }

    @Test
    void aGeneratedNameNeverTakesAWrittenOne() throws Exception {
        JobSpec spec =
                yaml(
                        job(
                                """
                    - type: Words
                      name: Log
                    - type: Log
                """));

        assertThat(spec.transforms())
                .extracting(TransformSpec::name)
                .containsExactly("Log", "Log-1");
    }

    @Test
    void graphFormReadsNamedInputsAndListsOfThem() throws Exception {
        JobSpec spec =
                yaml(
                        job(
                                """
                    - name: left
                      type: Sequence
                      config: {from: 1, to: 10}
                    - name: right
                      type: Sequence
                      config: {from: 11, to: 20}
                    - name: all
                      type: Rebalance
                      input: [left, right]
                    - name: out
                      type: Log
                      input: all
                """));

        assertThat(spec.transforms().get(1).inputs()).isEmpty(); // a source reads nothing
        assertThat(spec.transforms().get(2).inputs()).containsExactly("left", "right");
        assertThat(spec.transforms().get(3).inputs()).containsExactly("all");
    }

    @Test
    void jsonAndYamlOfOneSpecAreEqual() throws Exception {
        JobSpec fromYaml =
                yaml(
                        job(
                                "    - type: Words\n      config: {count: 5, rate: 7}\n"
                                        + "    - type: KeyBy\n      config: {field: word}\n"
                                        + "    - type: RunningCount\n    - type: Log"));
        JobSpec fromJson =
                JobSpecParser.parse(
                        """
            {"name": "test", "pipeline": {"transforms": [
              {"type": "Words", "config": {"count": 5, "rate": 7}},
              {"type": "KeyBy", "config": {"field": "word"}},
              {"type": "RunningCount"},
              {"type": "Log"}]}}
            """,
                        JobSpecFormat.JSON);

        assertThat(fromJson).isEqualTo(fromYaml);
    }

    @Test
    void formatFollowsContentTypeAndFileName() {
        assertThat(JobSpecFormat.forContentType("application/json; charset=UTF-8"))
                .contains(JobSpecFormat.JSON);
        assertThat(JobSpecFormat.forContentType("application/yaml")).contains(JobSpecFormat.YAML);
        assertThat(JobSpecFormat.forContentType("text/plain")).isEqualTo(Optional.empty());
        assertThat(JobSpecFormat.forFileName("job.JSON")).isEqualTo(JobSpecFormat.JSON);
        assertThat(JobSpecFormat.forFileName("job.yml")).isEqualTo(JobSpecFormat.YAML);
    }

    @Test
    void anAliasBombIsRefusedAtItsFirstAlias() {
        StringBuilder bomb = new StringBuilder("name: bomb\nl0: &l0 [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 40; i++) {
            bomb.append("l").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
            }
            bomb.append("]\n");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> JobSpecParser.parse(bomb.toString(), JobSpecFormat.YAML))
                .isInstanceOfSatisfying(
                        JobSpecException.class,
                        e ->
                                assertThat(e.errors())
                                        .containsExactly(
                                                "line 3, column 13: YAML aliases (*l0) are not"
                                                        + " supported in a job spec; write the"
                                                        + " value out"));
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        String deep =
                "name: deep\nx: "
                        + "[".repeat(JobSpecParser.MAX_NESTING_DEPTH + 1)
                        + "]".repeat(JobSpecParser.MAX_NESTING_DEPTH + 1);
        for (JobSpecFormat format : JobSpecFormat.values()) {
            String text =
                    format == JobSpecFormat.YAML
                            ? deep
                            : "{\"name\": \"deep\", \"x\": "
                                    + "[".repeat(JobSpecParser.MAX_NESTING_DEPTH + 1)
                                    + "]".repeat(JobSpecParser.MAX_NESTING_DEPTH + 1)
                                    + "}";
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> JobSpecParser.parse(text, format))
                    .isInstanceOfSatisfying(
                            JobSpecException.class,
                            e ->
                                    assertThat(e.errors())
                                            .singleElement()
                                            .asString()
                                            .contains("nesting depth")
                                            .contains("exceeds the maximum allowed (64"));
        }
    }
}
