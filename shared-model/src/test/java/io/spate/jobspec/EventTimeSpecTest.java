package io.spate.jobspec;

import static io.spate.jobspec.Specs.errors;
import static io.spate.jobspec.Specs.job;
import static io.spate.jobspec.Specs.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.JobVertex;
import io.spate.jobgraph.OperatorSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Event-time keys of a job spec: what a valid one compiles to, and every error at once. */
class EventTimeSpecTest {

    private static final String SOURCE =
            "    - {name: src, type: Sequence, config: {to: 99, eventTime: {start: 1000, step: 10ms},"
                    + " watermarks: {field: et, maxOutOfOrderness: 2s, idleness: 5s}}}\n";

    @Test
    void aWindowedJobCompilesWithItsKeysTimestampFieldAndLateOutput() throws Exception {
        JobGraph graph =
                JobGraphCompiler.compile(
                        yaml(
                                "name: t\nmaxParallelism: 64\nwatermarkInterval: 50ms\npipeline:\n  transforms:\n"
                                        + SOURCE
                                        + "    - {type: KeyBy, config: {field: value}}\n"
                                        + "    - {name: win, type: Window, config: {sliding: {size: 10s, slide: 2s},"
                                        + " aggregations: [{count: {}}, {sum: value, as: total}, {avg: et}]}}\n"
                                        + "    - {name: main, type: Log, input: win}\n"
                                        + "    - {name: late, type: Log, input: win.late}\n"));
        assertThat(graph.maxParallelism()).isEqualTo(64);
        assertThat(graph.watermarkInterval()).isEqualTo(Duration.ofMillis(50));
        OperatorSpec win =
                graph.vertices().stream()
                        .flatMap(v -> v.chain().stream())
                        .filter(o -> o.name().equals("win"))
                        .findFirst()
                        .orElseThrow();
        assertThat(win.timestampField()).contains("et");
        assertThat(win.keyField()).contains("value");
        assertThat(win.outputSchema().orElseThrow().toString())
                .contains("value", "window_start", "window_end", "count", "total", "avg_et");
        JobVertex late =
                graph.vertices().stream()
                        .filter(v -> v.name().equals("late"))
                        .findFirst()
                        .orElseThrow();
        assertThat(late.inputs().getFirst().sideOutput()).contains("late");
        assertThat(late.inputs().getFirst().schema()).isEqualTo(win.inputSchema().orElseThrow());
        assertThat(JobGraph.fromJson(graph.toJson())).isEqualTo(graph);
    }

    @Test
    void everyWindowProblemIsReportedAtOnceWithItsPath() {
        List<String> errors =
                errors(
                        "name: t\nmaxParallelism: 4\npipeline:\n  transforms:\n"
                                + "    - {name: w, type: Words, config: {eventTime: {start: 0}, watermarks: {field: et}}}\n"
                                + "    - {name: a, type: Window, input: w, config: {tumbling: 1s, aggregations: [{count: {}}]}}\n"
                                + "    - {name: k, type: KeyBy, input: w, config: {field: word}}\n"
                                + "    - {name: b, type: Window, input: k, parallelism: 8, config: {sliding: {size: 0s, slide: 2s},"
                                + " aggregations: [{median: word}, {sum: word}, {count: {}, max: word}]}}\n"
                                + "    - {name: c, type: Window, input: k, config: {sliding: {size: 1s, slide: 2s},"
                                + " aggregations: [{count: {}}]}}\n"
                                + "    - {name: d, type: Window, input: k, config: {aggregations: [{count: {}}]}}\n"
                                + "    - {type: Log, input: [a]}\n"
                                + "    - {type: Log, input: [b]}\n"
                                + "    - {type: Log, input: [c]}\n"
                                + "    - {type: Log, input: [d]}\n");
        assertThat(errors)
                .contains(
                        "pipeline.transforms[3].config.aggregations[0].median: unknown key (aggregations knows count, sum, min, max, avg, as)",
                        "pipeline.transforms[3].parallelism: must be at most maxParallelism (4, the number of key groups), got 8",
                        "pipeline.transforms[1].input: Window keeps state per key and must read a KeyBy; \"w\" is a Words",
                        "pipeline.transforms[4].config.sliding.slide: must not be larger than size (1s)",
                        "pipeline.transforms[5]: config: give the window: tumbling, sliding or session");
    }

    @Test
    void watermarksNeedALongField() {
        assertThat(
                        errors(
                                job(
                                        "    - {name: w, type: Words, config: {watermarks: {field: word, idleness: soon}}}\n"
                                                + "    - {type: AssignWatermarks, config: {field: ts}}\n"
                                                + "    - {type: Log}\n")))
                .containsExactly(
                        "pipeline.transforms[0].config.watermarks.idleness: expected a duration like 5ms, 1s, 2m (units ns, us, ms, s, m, h; a bare number is milliseconds), got \"soon\"");
        assertThat(
                        errors(
                                job(
                                        "    - {name: w, type: Words, config: {watermarks: {field: word}}}\n"
                                                + "    - {type: Log}\n"
                                                + "    - {name: s, type: Sequence, config: {to: 1}}\n"
                                                + "    - {type: AssignWatermarks, input: s, config: {field: ts}}\n"
                                                + "    - {type: Log}\n")))
                .containsExactly(
                        "pipeline.transforms[0].config.watermarks.field: field 'word' is string; event time must be a long (epoch ms)",
                        "pipeline.transforms[3].config.field: no field 'ts' in {value: long}");
    }

    @Test
    void aggregationsNeedNumbersAndEventTimeNeedsWatermarks() {
        List<String> errors =
                errors(
                        job(
                                "    - {name: w, type: Words, config: {eventTime: {start: 0}}}\n"
                                        + "    - {type: KeyBy, config: {field: word}}\n"
                                        + "    - {name: win, type: Window, config: {session: {gap: 0s},"
                                        + " aggregations: [{sum: word}, {max: nothing}]}}\n"
                                        + "    - {type: Log}\n"));
        assertThat(errors)
                .containsExactlyInAnyOrder(
                        "pipeline.transforms[2].config.session.gap: must be positive, got 0ms",
                        "pipeline.transforms[2].config.aggregations[0].sum: sum needs a number (long or double); 'word' is string",
                        "pipeline.transforms[2].config.aggregations[1].max: no field 'nothing' in {word: string, et: long}");
        assertThat(
                        errors(
                                job(
                                        "    - {name: w, type: Words, config: {eventTime: {start: 0}}}\n"
                                                + "    - {type: KeyBy, config: {field: word}}\n"
                                                + "    - {name: win, type: Window, config: {tumbling: 1s, aggregations: [{count: {}}]}}\n"
                                                + "    - {type: Log}\n")))
                .containsExactly(
                        "pipeline.transforms[2]: an event-time Window needs event time: give its source a"
                                + " watermarks config or put AssignWatermarks before it (or set time: processing)");
    }

    @Test
    void windowAllReadsNoKeyByAndRunsInOneSubtask() throws Exception {
        String all =
                "    - {name: win, type: Window, parallelism: %d, config: {tumbling: 1s, all: true,"
                        + " aggregations: [{count: {}}]}}\n    - {type: Log, parallelism: 1}\n";
        JobGraphCompiler.compile(
                yaml(
                        "name: t\nparallelism: 2\npipeline:\n  transforms:\n"
                                + SOURCE
                                + all.formatted(1)));
        assertThat(
                        errors(
                                "name: t\nparallelism: 2\npipeline:\n  transforms:\n"
                                        + SOURCE
                                        + all.formatted(2)))
                .containsExactly(
                        "pipeline.transforms[1].parallelism: a Window with all: true runs in one subtask: set parallelism: 1, got 2");
    }

    @Test
    void onlyAWindowHasALateOutput() {
        assertThat(
                        errors(
                                job(
                                        SOURCE
                                                + "    - {name: log, type: Log}\n"
                                                + "    - {type: Log, input: src.late}\n")))
                .containsExactly(
                        "pipeline.transforms[2].input: \"src.late\": \"src\" (Sequence) has no side outputs; only a Window has late records");
    }
}
