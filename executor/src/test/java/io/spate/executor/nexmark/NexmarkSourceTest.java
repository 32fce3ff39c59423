package io.spate.executor.nexmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.clock.ManualClock;
import io.spate.executor.operators.OperatorContext;
import io.spate.executor.operators.OperatorFactory;
import io.spate.executor.operators.Output;
import io.spate.executor.operators.SourceOperator;
import io.spate.executor.state.ManualProcessingTimers;
import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.OperatorSpec;
import io.spate.jobspec.JobGraphCompiler;
import io.spate.jobspec.JobSpecFormat;
import io.spate.jobspec.JobSpecParser;
import io.spate.record.Row;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The source over its subtasks: every event once on its kind's output whatever the parallelism,
 * each subtask's events in event-time order, watermarks 4 s behind, and a restore that goes on
 * where the snapshot was.
 */
class NexmarkSourceTest {

    private static final long N = 20_000;

    private static OperatorSpec spec(int parallelism) throws Exception {
        JobGraph graph =
                JobGraphCompiler.compile(
                        JobSpecParser.parse(
                                """
                                name: nexmark
                                parallelism: %d
                                pipeline:
                                  transforms:
                                    - {name: nx, type: Nexmark, config: {events: %d, splits: 3}}
                                    - {type: Log, input: nx.person}
                                    - {type: Log, input: nx.auction}
                                    - {type: Log, input: nx.bid}
                                """
                                        .formatted(parallelism, N),
                                JobSpecFormat.YAML));
        return graph.vertices().getFirst().chain().getFirst();
    }

    /** The rows one subtask emits, as text, per output; watermarks into {@code watermarks}. */
    private static final class Collected {
        final Map<String, List<String>> rows = new HashMap<>();
        final List<Long> watermarks = new ArrayList<>();
        final List<Long> times = new ArrayList<>();

        Output output(String name) {
            return row -> {
                rows.computeIfAbsent(name, n -> new ArrayList<>()).add(row.toString());
                times.add(row.getLong(row.schema().indexOf("dateTime")));
            };
        }
    }

    private static SourceOperator source(
            OperatorSpec spec,
            int subtask,
            int parallelism,
            Collected c,
            ManualProcessingTimers t) {
        OperatorContext context =
                new OperatorContext(
                        spec,
                        "job",
                        "nexmark",
                        "nx",
                        subtask,
                        parallelism,
                        0,
                        new ManualClock(),
                        128,
                        Duration.ofMillis(200),
                        t,
                        c::output);
        Output main =
                new Output() {
                    @Override
                    public void emit(Row row) {
                        throw new AssertionError("Nexmark has no main output");
                    }

                    @Override
                    public void emitWatermark(long watermark) {
                        c.watermarks.add(watermark);
                    }
                };
        return (SourceOperator) OperatorFactory.create(context, main);
    }

    private static Map<String, List<String>> run(int parallelism) throws Exception {
        OperatorSpec spec = spec(parallelism);
        Map<String, List<String>> all = new HashMap<>();
        for (int s = 0; s < parallelism; s++) {
            Collected c = new Collected();
            ManualProcessingTimers t = new ManualProcessingTimers(0);
            SourceOperator src = source(spec, s, parallelism, c, t);
            src.open();
            while (src.emitBatch(512) != SourceOperator.Progress.END) {
                // drain
            }
            src.finish();
            for (int i = 1; i < c.times.size(); i++) {
                assertThat(c.times.get(i))
                        .as("event time order")
                        .isGreaterThanOrEqualTo(c.times.get(i - 1));
            }
            c.rows.forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            assertThat(c.watermarks.getLast()).isEqualTo(Long.MAX_VALUE);
        }
        return all;
    }

    @Test
    void everyEventOnceOnItsOutputWhateverTheParallelism() throws Exception {
        Map<String, List<String>> one = run(1);
        assertThat(one.get("person")).hasSize((int) (N / 50));
        assertThat(one.get("auction")).hasSize((int) (N / 50 * 3));
        assertThat(one.get("bid")).hasSize((int) (N / 50 * 46));
        for (int p : new int[] {2, 3, 4}) {
            Map<String, List<String>> other = run(p);
            for (String kind : List.of("person", "auction", "bid")) {
                assertThat(other.get(kind))
                        .as("%s at parallelism %d", kind, p)
                        .containsExactlyInAnyOrderElementsOf(one.get(kind));
            }
        }
    }

    @Test
    void watermarksLagTheGreatestDateTimeByFourSeconds() throws Exception {
        OperatorSpec spec = spec(1);
        Collected c = new Collected();
        ManualProcessingTimers t = new ManualProcessingTimers(0);
        SourceOperator src = source(spec, 0, 1, c, t);
        src.open();
        src.emitBatch(6_000);
        t.advanceTo(200);
        long max = c.times.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(c.watermarks).containsExactly(max - 4_000 - 1);
    }

    @Test
    void aRestoredSourceGoesOnWhereItsSnapshotWas() throws Exception {
        OperatorSpec spec = spec(2);
        Collected whole = new Collected();
        SourceOperator a = source(spec, 1, 2, whole, new ManualProcessingTimers(0));
        a.open();
        while (a.emitBatch(100) != SourceOperator.Progress.END) {}

        Collected first = new Collected();
        SourceOperator b = source(spec, 1, 2, first, new ManualProcessingTimers(0));
        b.open();
        for (int i = 0; i < 7; i++) {
            b.emitBatch(100);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        b.snapshotState(1, new DataOutputStream(bytes));
        Collected second = new Collected();
        SourceOperator c = source(spec, 1, 2, second, new ManualProcessingTimers(0));
        c.restoreState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        c.open();
        while (c.emitBatch(100) != SourceOperator.Progress.END) {}
        for (String kind : List.of("person", "auction", "bid")) {
            List<String> joined = new ArrayList<>(first.rows.getOrDefault(kind, List.of()));
            joined.addAll(second.rows.getOrDefault(kind, List.of()));
            assertThat(joined).as(kind).containsExactlyElementsOf(whole.rows.get(kind));
        }
    }
}
