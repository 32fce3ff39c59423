package io.spate.executor.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random out-of-order events (disorder bounded by the watermark's maxOutOfOrderness) through each
 * window kind give exactly what a reference computes over the sorted events; also when the
 * operators are snapshotted half-way and restored at another parallelism. The reference below is
 * written from the definitions (a window per aligned start; a session = a run of a key's sorted
 * timestamps with gaps below the gap), not from the operator.
 */
class WindowPropertyTest {

    record Event(long key, long et) {}

    static List<Object[]> cases() {
        List<Object[]> cases = new ArrayList<>();
        for (long seed = 1; seed <= 8; seed++) {
            for (String kind : List.of("tumbling", "sliding", "session")) {
                cases.add(new Object[] {kind, seed});
            }
        }
        return cases;
    }

    private static String config(String kind) {
        String window =
                switch (kind) {
                    case "tumbling" -> "tumbling: 50ms";
                    case "sliding" -> "sliding: {size: 60ms, slide: 20ms}";
                    default -> "session: {gap: 15ms}";
                };
        return "{" + window + ", aggregations: [{count: {}}, {sum: et}, {min: et}, {max: et}]}";
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void outOfOrderEventsGiveTheSortedReference(String kind, long seed) throws Exception {
        Random random = new Random(seed);
        int disorder = 30;
        List<Event> events = new ArrayList<>();
        long t = 1_000;
        for (int i = 0; i < 2_000; i++) {
            t += random.nextInt(4);
            events.add(new Event(random.nextInt(12), t));
        }
        // Bounded disorder: shuffle within blocks shorter than the allowed out-of-orderness.
        List<Event> shuffled = new ArrayList<>();
        for (int i = 0; i < events.size(); ) {
            int j = i + 1;
            while (j < events.size() && events.get(j).et - events.get(i).et < disorder) {
                j++;
            }
            List<Event> block = new ArrayList<>(events.subList(i, j));
            Collections.shuffle(block, random);
            shuffled.addAll(block);
            i = j;
        }
        int cut = shuffled.size() / 2;
        int[] parallelisms = {2, 1 + random.nextInt(4)};

        WindowHarness h =
                new WindowHarness(WindowOperatorTest.spec(config(kind), true), parallelisms[0], 0);
        long max = Long.MIN_VALUE;
        for (int i = 0; i < shuffled.size(); i++) {
            if (i == cut) {
                h = h.restoredAt(parallelisms[1], h.snapshot());
            }
            Event e = shuffled.get(i);
            h.record(h.row().setLong(0, e.key).setLong(1, e.et));
            max = Math.max(max, e.et);
            if (i % 7 == 0) {
                h.watermark(max - disorder - 1);
            }
        }
        h.finish();

        assertThat(h.late.rows).isEmpty();
        TreeSet<String> actual = new TreeSet<>();
        h.out.rows.forEach(r -> actual.add(r.toString()));
        assertThat(h.out.rows).hasSameSizeAs(actual); // each window fired once
        assertThat(actual).isEqualTo(reference(kind, events));
    }

    private static TreeSet<String> reference(String kind, List<Event> events) {
        Map<Long, List<Long>> byKey = new TreeMap<>();
        for (Event e : events) {
            byKey.computeIfAbsent(e.key, k -> new ArrayList<>()).add(e.et);
        }
        TreeSet<String> rows = new TreeSet<>();
        for (Map.Entry<Long, List<Long>> entry : byKey.entrySet()) {
            List<Long> times = new ArrayList<>(entry.getValue());
            Collections.sort(times);
            Map<List<Long>, List<Long>> windows =
                    new TreeMap<>(
                            (a, b) ->
                                    a.get(0).equals(b.get(0))
                                            ? Long.compare(a.get(1), b.get(1))
                                            : Long.compare(a.get(0), b.get(0)));
            switch (kind) {
                case "tumbling" -> {
                    for (long et : times) {
                        long start = et / 50 * 50;
                        windows.computeIfAbsent(List.of(start, start + 50), w -> new ArrayList<>())
                                .add(et);
                    }
                }
                case "sliding" -> {
                    for (long et : times) {
                        for (long start = et / 20 * 20; start > et - 60; start -= 20) {
                            windows.computeIfAbsent(
                                            List.of(start, start + 60), w -> new ArrayList<>())
                                    .add(et);
                        }
                    }
                }
                default -> {
                    List<Long> run = new ArrayList<>();
                    for (long et : times) {
                        if (!run.isEmpty() && et - run.getLast() >= 15) {
                            windows.put(List.of(run.getFirst(), run.getLast() + 15), run);
                            run = new ArrayList<>();
                        }
                        run.add(et);
                    }
                    windows.put(List.of(run.getFirst(), run.getLast() + 15), run);
                }
            }
            for (Map.Entry<List<Long>, List<Long>> w : windows.entrySet()) {
                List<Long> v = w.getValue();
                rows.add(
                        "{value="
                                + entry.getKey()
                                + ", window_start="
                                + w.getKey().get(0)
                                + ", window_end="
                                + w.getKey().get(1)
                                + ", count="
                                + v.size()
                                + ", sum_et="
                                + v.stream().mapToLong(Long::longValue).sum()
                                + ", min_et="
                                + Collections.min(v)
                                + ", max_et="
                                + Collections.max(v)
                                + "}");
            }
        }
        return rows;
    }
}
