package io.spate.jobspec;

import static io.spate.jobspec.Specs.errors;
import static io.spate.jobspec.Specs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per kind of spec error: each names its path and what is wrong. */
class JobSpecErrorsTest {

    @Test
    void unknownTypeListsTheKnownOnes() {
        assertThat(errors(job("    - type: Words\n    - type: Sort\n    - type: Log")))
                .containsExactly(
                        "pipeline.transforms[1].type: unknown type \"Sort\" (known: Words, Sequence,"
                                + " ReadFromText, Nexmark, Tokenize, RunningCount, AssignWatermarks, Filter, MapToFields, Window, Join, JavaFunction, KeyBy, Rebalance, Broadcast,"
                                + " WriteToFiles, Discard, Log, LatencyHistogram)");
    }

    @Test
    void missingRequiredConfig() {
        assertThat(
                        errors(
                                job(
                                        "    - type: Words\n    - type: KeyBy\n    - type: RunningCount\n"
                                                + "    - type: Log")))
                .containsExactly("pipeline.transforms[1].config.field: required");
    }

    @Test
    void illTypedConfig() {
        assertThat(
                        errors(
                                job(
                                        "    - type: Words\n      config: {count: abc, timestamps: 1}\n"
                                                + "    - type: Log")))
                .containsExactly(
                        "pipeline.transforms[0].config.count: expected an integer, got \"abc\"",
                        "pipeline.transforms[0].config.timestamps: expected true or false, got 1");
    }

    @Test
    void unknownConfigKeyListsTheKnownKeys() {
        assertThat(
                        errors(
                                job(
                                        "    - type: Words\n      config: {cuont: 5}\n"
                                                + "    - type: Rebalance\n      config: {field: word}\n    - type: Log")))
                .containsExactly(
                        "pipeline.transforms[0].config.cuont: unknown key (Words knows count, vocabulary,"
                                + " rate, timestamps, eventTime, watermarks)",
                        "pipeline.transforms[1].config.field: unknown key: Rebalance takes no config");
    }

    @Test
    void unknownInput() {
        assertThat(errors(job("    - type: Words\n    - type: Log\n      input: Wrods")))
                .containsExactly(
                        "pipeline.transforms[1].input: unknown input \"Wrods\" (transforms: Words, Log)");
    }

    @Test
    void cycleIsShownInDataFlowOrder() {
        assertThat(
                        errors(
                                job(
                                        """
                        - {name: src, type: Words}
                        - {name: a, type: Tokenize, input: c, config: {field: word}}
                        - {name: b, type: Tokenize, input: a, config: {field: word}}
                        - {name: c, type: Tokenize, input: b, config: {field: word}}
                        - {name: out, type: Log, input: c}
                    """)))
                .containsExactly(
                        "pipeline.transforms[1].input: cycle: a -> b -> c -> a",
                        "pipeline.transforms[0]: nothing reads the output of \"src\" (Words); end every"
                                + " branch with a sink (WriteToFiles, Discard, Log, LatencyHistogram)");
    }

    @Test
    void aTransformReadingItselfIsACycle() {
        assertThat(errors(job("    - {type: Words}\n    - {name: t, type: Rebalance, input: t}\n")))
                .contains("pipeline.transforms[1].input: cycle: t -> t");
    }

    @Test
    void keyedTransformWithoutKeyBy() {
        assertThat(errors(job("    - type: Words\n    - type: RunningCount\n    - type: Log")))
                .containsExactly(
                        "pipeline.transforms[1].input: RunningCount keeps state per key and must read a"
                                + " KeyBy; \"Words\" is a Words");
    }

    @Test
    void keyingIsLostBehindAnotherTransform() {
        assertThat(
                        errors(
                                job(
                                        """
                        - type: ReadFromText
                          config: {path: in}
                        - type: KeyBy
                          config: {field: line}
                        - type: Tokenize
                        - type: RunningCount
                        - type: Log
                    """)))
                .containsExactly(
                        "pipeline.transforms[3].input: RunningCount keeps state per key and must read a"
                                + " KeyBy; \"Tokenize\" is a Tokenize");
    }

    @Test
    void parallelismBelowOne() {
        assertThat(
                        errors(
                                "name: t\n"
                                        + "parallelism: 0\n"
                                        + "pipeline:\n"
                                        + "  transforms:\n"
                                        + "    - {type: Words, parallelism: -2}\n"
                                        + "    - {type: Log, parallelism: 40000}\n"))
                .containsExactly(
                        "parallelism: must be between 1 and 32768, got 0",
                        "pipeline.transforms[0].parallelism: must be between 1 and 32768, got -2",
                        "pipeline.transforms[1].parallelism: must be between 1 and 32768, got 40000");
    }

    @Test
    void aPartitionerHasNoParallelism() {
        assertThat(
                        errors(
                                job(
                                        "    - type: Words\n    - {type: Rebalance, parallelism: 3}\n"
                                                + "    - type: Log")))
                .containsExactly(
                        "pipeline.transforms[1].parallelism: Rebalance is a partitioner, not an operator, and"
                                + " has no parallelism; set it on the transform that reads it");
    }

    @Test
    void twoPartitionersInARow() {
        assertThat(
                        errors(
                                job(
                                        "    - type: Words\n    - type: Rebalance\n    - type: Broadcast\n"
                                                + "    - type: Log")))
                .containsExactly(
                        "pipeline.transforms[2].input: \"Rebalance\" is a partitioner too; put an operator"
                                + " between two partitioners");
    }

    @Test
    void sinkWithConsumers() {
        assertThat(errors(job("    - type: Words\n    - type: Log\n    - type: Discard")))
                .containsExactly(
                        "pipeline.transforms[2].input: \"Log\" is a sink (Log) and emits nothing");
    }

    @Test
    void branchWithoutSink() {
        assertThat(errors(job("    - type: Words\n    - type: Rebalance")))
                .containsExactly(
                        "pipeline.transforms[1]: nothing reads the output of \"Rebalance\" (Rebalance); end"
                                + " every branch with a sink (WriteToFiles, Discard, Log, LatencyHistogram)");
    }

    @Test
    void noSource() {
        assertThat(errors(job("    - type: Tokenize\n    - type: Log")))
                .containsExactly(
                        "pipeline.transforms[0].input: required: Tokenize reads records and no transform"
                                + " comes before it (start with a source: Words, Sequence, ReadFromText, Nexmark)",
                        "pipeline.transforms: no source: start with one of Words, Sequence, ReadFromText, Nexmark");
    }

    @Test
    void sourceWithAnInput() {
        assertThat(
                        errors(
                                job(
                                        "    - {name: a, type: Words}\n    - {type: Sequence, input: a,"
                                                + " config: {to: 3}}\n    - {type: Log, input: [a, Sequence]}")))
                .contains("pipeline.transforms[1].input: Sequence is a source and reads no input");
    }

    @Test
    void duplicateNames() {
        assertThat(errors(job("    - {name: x, type: Words}\n    - {name: x, type: Log}")))
                .containsExactly(
                        "pipeline.transforms[1].name: duplicate: pipeline.transforms[0] is also called \"x\"");
    }

    @Test
    void missingOrEmptyName() {
        assertThat(errors("pipeline:\n  transforms:\n    - type: Words\n    - type: Log\n"))
                .containsExactly("name: required");
        assertThat(errors(job("    - {name: '  ', type: Words}\n    - type: Log")))
                .containsExactly("pipeline.transforms[0].name: must not be empty");
    }

    @Test
    void missingPipelineOrTransforms() {
        assertThat(errors("name: t\n")).containsExactly("pipeline: required");
        assertThat(errors("name: t\npipeline: {}\n"))
                .containsExactly("pipeline.transforms: required");
        assertThat(errors("name: t\npipeline: {transforms: []}\n"))
                .containsExactly(
                        "pipeline.transforms: expected a non-empty list of transforms, got an empty list");
        assertThat(errors("name: t\npipeline:\n  transforms:\n    - Words\n    - {type: Log}\n"))
                .contains("pipeline.transforms[0]: expected a mapping with type, got \"Words\"");
    }

    @Test
    void yamlSyntaxErrorHasLineAndColumn() {
        List<String> errors =
                errors("name: t\npipeline:\n  transforms:\n    - type: Words\n   config: [1, 2\n");

        assertThat(errors).hasSize(1);
        assertThat(errors.getFirst()).startsWith("line 5, column ");
    }

    @Test
    void duplicateYamlKeysAreASyntaxError() {
        assertThat(errors("name: a\nname: b\n").getFirst())
                .startsWith("line 2, column ")
                .contains("Duplicate field 'name'");
    }

    @Test
    void jsonSyntaxErrorHasLineAndColumn() {
        JobSpecException e =
                catchThrowableOfType(
                        JobSpecException.class,
                        () ->
                                JobSpecParser.parse(
                                        "{\"name\": \"t\",\n \"pipeline\": }", JobSpecFormat.JSON));

        assertThat(e.errors()).singleElement().asString().startsWith("line 2, column 14: ");
    }

    @Test
    void topLevelMustBeAMapping() {
        assertThat(errors(""))
                .containsExactly("spec: empty: expected a mapping with name and pipeline");
        assertThat(errors("- a\n- b\n"))
                .containsExactly("spec: expected a mapping with name and pipeline, got a list");
    }

    @Test
    void unknownKeysAtEveryLevel() {
        assertThat(
                        errors(
                                "name: t\nparalelism: 2\ncheckpoints: {interval: 1s, mode: exactly}\n"
                                        + "pipeline:\n  type: chain\n  transforms:\n    - {type: Words, inputs: x}\n"
                                        + "    - {type: Log}\n"))
                .containsExactly(
                        "paralelism: unknown key (known: name, parallelism, maxParallelism, bufferTimeout,"
                                + " watermarkInterval, checkpoints, restart, pipeline, jars)",
                        "checkpoints.mode: unknown key (known: interval, tolerableFailedCheckpoints)",
                        "pipeline.type: unknown key (known: transforms)",
                        "pipeline.transforms[0].inputs: unknown key (known: name, type, config, input,"
                                + " parallelism)");
    }

    @Test
    void keyByFieldMustBeInTheUpstreamSchema() {
        assertThat(
                        errors(
                                job(
                                        "    - type: Words\n    - {type: KeyBy, config: {field: line}}\n"
                                                + "    - type: RunningCount\n    - type: Log")))
                .containsExactly(
                        "pipeline.transforms[1].config.field: no field 'line' in the input schema"
                                + " {word: string}");
    }

    @Test
    void tokenizeNeedsAStringFieldAndLatencyHistogramALongOne() {
        assertThat(
                        errors(
                                job(
                                        """
                        - {name: seq, type: Sequence, config: {to: 5}}
                        - {type: Tokenize, config: {field: value}}
                        - type: Log
                        - {name: w, type: Words}
                        - {type: LatencyHistogram, input: w}
                        - {name: w2, type: Words, config: {timestamps: true}}
                        - {type: LatencyHistogram, input: w2, config: {field: word}}
                    """)))
                .containsExactly(
                        "pipeline.transforms[1].config.field: field 'value' is long, must be string",
                        "pipeline.transforms[4].config.field: no field 'ts' in the input schema {word: string}",
                        "pipeline.transforms[6].config.field: field 'word' is string, must be long");
    }

    @Test
    void negativeCountRateAndVocabulary() {
        assertThat(
                        errors(
                                job(
                                        "    - type: Words\n      config: {count: -1, rate: -5, vocabulary: 0}\n"
                                                + "    - type: Log")))
                .containsExactly(
                        "pipeline.transforms[0].config.count: must not be negative, got -1",
                        "pipeline.transforms[0].config.vocabulary: must be at least 1, got 0",
                        "pipeline.transforms[0].config.rate: must not be negative, got -5");
    }

    @Test
    void badChoicesRangesAndDurations() {
        assertThat(
                        errors(
                                "name: t\nbufferTimeout: soon\n"
                                        + "checkpoints: {interval: 1ms, tolerableFailedCheckpoints: -1}\n"
                                        + "restart: {attempts: -1, delay: -1}\npipeline:\n  transforms:\n"
                                        + "    - {type: Sequence, config: {from: 5, to: 1}}\n"
                                        + "    - {type: WriteToFiles, config: {path: out, format: xml}}\n"))
                .containsExactly(
                        "bufferTimeout: expected a duration like 5ms, 1s, 2m (units ns, us, ms, s, m, h; a"
                                + " bare number is milliseconds), got \"soon\"",
                        "checkpoints.interval: must be at least 10ms, got 1ms",
                        "checkpoints.tolerableFailedCheckpoints: must be at least 0, got -1",
                        "restart.attempts: must be at least 0, got -1",
                        "restart.delay: expected a duration like 5ms or 1s, got -1",
                        "pipeline.transforms[1].config.format: must be one of csv, jsonl, got \"xml\"",
                        "pipeline.transforms[0].config.to: must be at least from (5), got 1");
    }

    @Test
    void unionInputsMustAgreeOnTheirSchema() {
        assertThat(
                        errors(
                                job(
                                        """
                        - {name: a, type: Words}
                        - {name: b, type: Sequence, config: {to: 3}}
                        - {type: Log, input: [a, b]}
                    """)))
                .containsExactly(
                        "pipeline.transforms[2].input: its inputs emit different schemas: a {word: string},"
                                + " b {value: long}");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<String> errors =
                errors(
                        "parallelism: x\npipeline:\n  transforms:\n"
                                + "    - {type: Words, config: {count: abc}}\n"
                                + "    - {type: KeyBy}\n"
                                + "    - {type: Foo}\n"
                                + "    - {type: Log, input: nowhere}\n");

        assertThat(errors)
                .containsExactly(
                        "name: required",
                        "parallelism: expected an integer, got \"x\"",
                        "pipeline.transforms[0].config.count: expected an integer, got \"abc\"",
                        "pipeline.transforms[1].config.field: required",
                        "pipeline.transforms[2].type: unknown type \"Foo\" (known: Words, Sequence,"
                                + " ReadFromText, Nexmark, Tokenize, RunningCount, AssignWatermarks, Filter, MapToFields, Window, Join, JavaFunction, KeyBy, Rebalance, Broadcast,"
                                + " WriteToFiles, Discard, Log, LatencyHistogram)",
                        "pipeline.transforms[3].input: unknown input \"nowhere\" (transforms: Words, KeyBy,"
                                + " Foo, Log)");
    }
}
