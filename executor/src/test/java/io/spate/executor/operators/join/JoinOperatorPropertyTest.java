package io.spate.executor.operators.join;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import io.spate.transform.TransformConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random streams (a few keys, out-of-order and late event times, left rows, right rows, watermarks
 * and processing-time steps interleaved at random) through every join kind give, as a multiset,
 * what a naive reference computes from the recorded sequence: nested loops over all rows with the
 * late rule (the watermark each row met) and the TTL rule (the processing time each row met). In
 * half the runs the operators are snapshotted at parallelism 2 half-way and restored at 1 or 3. The
 * reference is written from the definitions, not from the operator.
 */
class JoinOperatorPropertyTest {

    private static final int SEEDS = 400;

    static final Schema LEFT =
            Schema.of(
                    new Field("k", FieldType.LONG),
                    new Field("t", FieldType.LONG),
                    new Field("id", FieldType.LONG),
                    new Field("name", FieldType.STRING));
    static final Schema RIGHT =
            Schema.of(
                    new Field("k", FieldType.LONG),
                    new Field("t", FieldType.LONG),
                    new Field("id", FieldType.LONG),
                    new Field("price", FieldType.DOUBLE),
                    new Field("ok", FieldType.BOOLEAN));

    enum Op {
        LEFT,
        RIGHT,
        WATERMARK,
        TIME
    }

    /**
     * One step: a row (key, t, id) with the watermark and processing time it met, a watermark
     * ({@code wm}) or a processing-time step to {@code now}.
     */
    record Event(Op op, long key, long t, long id, long wm, long now) {}

    record Case(String mode, String kind, boolean ttl) {
        @Override
        public String toString() {
            return mode + " " + kind + (ttl ? " with stateTtl" : "");
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("regular", "inner", false));
        cases.add(new Case("regular", "inner", true));
        for (String mode : List.of("interval", "tumbling", "sliding", "session")) {
            for (String kind : List.of("inner", "left", "right", "full")) {
                cases.add(new Case(mode, kind, false));
            }
        }
        return cases;
    }

    /** The parameters of one run. */
    private record Params(long ttl, long lower, long upper, long size, long slide, long gap) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void givesWhatTheNaiveReferenceGives(Case c) throws Exception {
        for (long seed = 1; seed <= SEEDS; seed++) {
            try {
                run(c, seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(c + ", seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private static void run(Case c, long seed) throws Exception {
        Random random = new Random(seed * 1_000_003L + c.toString().hashCode());
        Params p = params(c, random);
        List<Event> events = events(c, p, random);
        boolean restore = random.nextBoolean();
        int cut = random.nextInt(events.size() + 1);
        int restoredParallelism = seed % 2 == 0 ? 1 : 3;

        JoinHarness h = JoinHarness.of(config(c, p), LEFT, "k", RIGHT, "k", /* parallelism */ 2);
        for (int i = 0; i < events.size(); i++) {
            if (restore && i == cut) {
                h = h.restoredAt(restoredParallelism, h.snapshot());
            }
            Event e = events.get(i);
            switch (e.op) {
                case LEFT -> h.left(leftRow(h, e));
                case RIGHT -> h.right(rightRow(h, e));
                case WATERMARK -> h.watermark(e.wm);
                case TIME -> h.advanceTimeTo(e.now);
            }
        }
        h.finish();

        Reference expected = reference(c, p, events);
        List<String> actual = new ArrayList<>(h.out);
        Collections.sort(actual);
        Collections.sort(expected.rows);
        if (!actual.equals(expected.rows)) {
            List<String> missing = new ArrayList<>(expected.rows);
            actual.forEach(missing::remove);
            List<String> unexpected = new ArrayList<>(actual);
            expected.rows.forEach(unexpected::remove);
            throw new AssertionError(
                    p
                            + (restore
                                    ? " restored at " + restoredParallelism + " before " + cut
                                    : "")
                            + "\nmissing "
                            + missing
                            + "\nunexpected "
                            + unexpected
                            + "\nevents:\n"
                            + String.join("\n", events.stream().map(Event::toString).toList()));
        }
        assertThat(h.lateRecords()).as("late records").isEqualTo(expected.late);
        Map<String, Double> metrics = h.metrics();
        assertThat(metrics.get("late-records")).isEqualTo((double) expected.late);
        assertThat(metrics.get("joined-rows")).isEqualTo((double) actual.size());
        if (c.mode.equals("regular")) {
            if (c.ttl) {
                // Every row expires; its timers remove it: the state is bounded.
                h.advanceTimeTo(h.time.currentTimeMillis() + p.ttl);
                assertThat(h.stateRows()).as("rows kept after the TTL").isZero();
                assertThat(h.stateEntries()).as("state entries after the TTL").isZero();
            } else {
                long rows = events.stream().filter(e -> e.op.ordinal() <= 1).count();
                assertThat(h.stateRows()).isEqualTo(rows);
            }
        } else {
            // The max watermark fired and cleaned everything.
            assertThat(h.stateRows()).as("rows kept at the end").isZero();
            assertThat(h.stateEntries()).as("state entries at the end").isZero();
        }
    }

    private static Params params(Case c, Random random) {
        long ttl = c.ttl ? 3 + random.nextInt(30) : 0;
        long lower = -20 + random.nextInt(31);
        long upper = lower + random.nextInt(26);
        long[][] slidings = {{30, 10}, {25, 10}, {12, 4}, {10, 10}, {9, 6}};
        long[] sliding = slidings[random.nextInt(slidings.length)];
        long[] sizes = {7, 10, 25};
        long size = c.mode.equals("sliding") ? sliding[0] : sizes[random.nextInt(sizes.length)];
        long slide = c.mode.equals("sliding") ? sliding[1] : size;
        long gap = new long[] {3, 8, 15}[random.nextInt(3)];
        return new Params(ttl, lower, upper, size, slide, gap);
    }

    private static TransformConfig config(Case c, Params p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("keys", Map.of("l", "k", "r", "k"));
        v.put("kind", c.kind);
        switch (c.mode) {
            case "regular" -> {
                if (c.ttl) {
                    v.put("stateTtl", Duration.ofMillis(p.ttl));
                }
            }
            case "interval" ->
                    v.put(
                            "interval",
                            new TransformConfig(
                                    Map.of("lower", p.lower + "ms", "upper", p.upper + "ms")));
            case "tumbling" ->
                    v.put(
                            "window",
                            new TransformConfig(Map.of("tumbling", Duration.ofMillis(p.size))));
            case "sliding" ->
                    v.put(
                            "window",
                            new TransformConfig(
                                    Map.of(
                                            "sliding",
                                            new TransformConfig(
                                                    Map.of(
                                                            "size",
                                                            Duration.ofMillis(p.size),
                                                            "slide",
                                                            Duration.ofMillis(p.slide))))));
            default ->
                    v.put(
                            "window",
                            new TransformConfig(
                                    Map.of(
                                            "session",
                                            new TransformConfig(
                                                    Map.of("gap", Duration.ofMillis(p.gap))))));
        }
        return new TransformConfig(v);
    }

    private static List<Event> events(Case c, Params p, Random random) {
        int keys = 1 + random.nextInt(4);
        int n = 10 + random.nextInt(80);
        long cur = random.nextBoolean() ? 1_000 : -60;
        int disorder = random.nextInt(30);
        int lag = random.nextInt(20);
        long wm = Long.MIN_VALUE;
        long now = 0;
        long id = 0;
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int roll = random.nextInt(100);
            if (roll < 76) {
                Op op = roll < 38 ? Op.LEFT : Op.RIGHT;
                long t = cur - random.nextInt(disorder + 1);
                events.add(new Event(op, random.nextInt(keys), t, ++id, wm, now));
            } else if (roll < 88) {
                long candidate =
                        random.nextInt(8) == 0
                                ? cur + random.nextInt(20)
                                : cur - random.nextInt(lag + 1) - disorder / 2;
                wm = Math.max(wm, candidate);
                events.add(new Event(Op.WATERMARK, 0, 0, 0, wm, now));
            } else {
                now += random.nextInt(c.ttl ? (int) p.ttl + 1 : 10);
                events.add(new Event(Op.TIME, 0, 0, 0, wm, now));
            }
            cur += random.nextInt(4);
        }
        return events;
    }

    private static String name(long id) {
        return (id % 5 == 0 ? "ü" : "L") + id;
    }

    private static double price(long id) {
        return id * 0.25;
    }

    private static Row leftRow(JoinHarness h, Event e) {
        return h.leftRow()
                .setLong(0, e.key)
                .setLong(1, e.t)
                .setLong(2, e.id)
                .setString(3, name(e.id));
    }

    private static Row rightRow(JoinHarness h, Event e) {
        return h.rightRow()
                .setLong(0, e.key)
                .setLong(1, e.t)
                .setLong(2, e.id)
                .setDouble(3, price(e.id))
                .setBoolean(4, e.id % 3 == 0);
    }

    // ---- the reference ---------------------------------------------------------------------

    private static final class Reference {
        final List<String> rows = new ArrayList<>();
        long late;
    }

    /** An output row as Row.toString writes it; a null side is the outer join's empty one. */
    private static String output(Event l, Event r, long[] window) {
        StringBuilder sb = new StringBuilder("{");
        sb.append("left.k=").append(l == null ? 0 : l.key);
        sb.append(", left.t=").append(l == null ? 0 : l.t);
        sb.append(", left.id=").append(l == null ? 0 : l.id);
        sb.append(", name=\"").append(l == null ? "" : name(l.id)).append('"');
        sb.append(", right.k=").append(r == null ? 0 : r.key);
        sb.append(", right.t=").append(r == null ? 0 : r.t);
        sb.append(", right.id=").append(r == null ? 0 : r.id);
        sb.append(", price=").append(r == null ? 0.0 : price(r.id));
        sb.append(", ok=").append(r != null && r.id % 3 == 0);
        if (window != null) {
            sb.append(", window_start=").append(window[0]);
            sb.append(", window_end=").append(window[1]);
        }
        return sb.append('}').toString();
    }

    private static Reference reference(Case c, Params p, List<Event> events) {
        Reference ref = new Reference();
        boolean leftOuter = c.kind.equals("left") || c.kind.equals("full");
        boolean rightOuter = c.kind.equals("right") || c.kind.equals("full");
        List<Event> rows = events.stream().filter(e -> e.op.ordinal() <= 1).toList();
        switch (c.mode) {
            case "regular" -> {
                // Each pair joins when the later row comes, if the earlier one is still live.
                for (int j = 0; j < rows.size(); j++) {
                    for (int i = 0; i < j; i++) {
                        Event a = rows.get(i);
                        Event b = rows.get(j);
                        if (a.op != b.op && a.key == b.key && (!c.ttl || b.now < a.now + p.ttl)) {
                            ref.rows.add(a.op == Op.LEFT ? output(a, b, null) : output(b, a, null));
                        }
                    }
                }
            }
            case "interval" -> {
                List<Event> live = new ArrayList<>();
                for (Event e : rows) {
                    if (e.t <= e.wm) {
                        ref.late++;
                    } else {
                        live.add(e);
                    }
                }
                for (Event l : live) {
                    if (l.op != Op.LEFT) {
                        continue;
                    }
                    for (Event r : live) {
                        if (r.op == Op.RIGHT
                                && l.key == r.key
                                && l.t + p.lower <= r.t
                                && r.t <= l.t + p.upper) {
                            ref.rows.add(output(l, r, null));
                        }
                    }
                }
                for (Event e : live) {
                    boolean matched =
                            live.stream()
                                    .anyMatch(
                                            o ->
                                                    o.op != e.op
                                                            && o.key == e.key
                                                            && (e.op == Op.LEFT
                                                                    ? e.t + p.lower <= o.t
                                                                            && o.t <= e.t + p.upper
                                                                    : o.t + p.lower <= e.t
                                                                            && e.t
                                                                                    <= o.t
                                                                                            + p.upper));
                    if (!matched && e.op == Op.LEFT && leftOuter) {
                        ref.rows.add(output(e, null, null));
                    }
                    if (!matched && e.op == Op.RIGHT && rightOuter) {
                        ref.rows.add(output(null, e, null));
                    }
                }
            }
            case "tumbling", "sliding" -> {
                // (key, start) -> the rows of each side the window got.
                Map<List<Long>, List<List<Event>>> windows =
                        new TreeMap<>(JoinOperatorPropertyTest::compare);
                for (Event e : rows) {
                    boolean assigned = false;
                    for (long start = Math.floorDiv(e.t, p.slide) * p.slide;
                            start + p.size > e.t;
                            start -= p.slide) {
                        if (start + p.size - 1 > e.wm) {
                            windows.computeIfAbsent(
                                            List.of(e.key, start),
                                            w -> List.of(new ArrayList<>(), new ArrayList<>()))
                                    .get(e.op.ordinal())
                                    .add(e);
                            assigned = true;
                        }
                    }
                    if (!assigned) {
                        ref.late++;
                    }
                }
                windows.forEach(
                        (w, sides) ->
                                fire(
                                        ref,
                                        sides.get(0),
                                        sides.get(1),
                                        new long[] {w.get(1), w.get(1) + p.size},
                                        leftOuter,
                                        rightOuter));
            }
            default -> {
                // Sessions, simulated in the recorded order: merge on arrival, fire on watermarks.
                Map<Long, List<Session>> open = new TreeMap<>();
                for (Event e : events) {
                    if (e.op == Op.WATERMARK) {
                        for (List<Session> sessions : open.values()) {
                            for (var it = sessions.iterator(); it.hasNext(); ) {
                                Session s = it.next();
                                if (s.end - 1 <= e.wm) {
                                    s.fire(ref, leftOuter, rightOuter);
                                    it.remove();
                                }
                            }
                        }
                        continue;
                    }
                    if (e.op == Op.TIME) {
                        continue;
                    }
                    if (e.t + p.gap - 1 <= e.wm) {
                        ref.late++;
                        continue;
                    }
                    List<Session> sessions = open.computeIfAbsent(e.key, k -> new ArrayList<>());
                    Session merged = new Session(e.t, e.t + p.gap);
                    merged.rows.get(e.op.ordinal()).add(e);
                    boolean changed = true;
                    while (changed) {
                        changed = false;
                        for (var it = sessions.iterator(); it.hasNext(); ) {
                            Session s = it.next();
                            if (s.start < merged.end && merged.start < s.end) {
                                merged.start = Math.min(merged.start, s.start);
                                merged.end = Math.max(merged.end, s.end);
                                merged.rows.get(0).addAll(s.rows.get(0));
                                merged.rows.get(1).addAll(s.rows.get(1));
                                it.remove();
                                changed = true;
                            }
                        }
                    }
                    sessions.add(merged);
                }
                for (List<Session> sessions : open.values()) {
                    sessions.forEach(s -> s.fire(ref, leftOuter, rightOuter));
                }
            }
        }
        return ref;
    }

    private static int compare(List<Long> a, List<Long> b) {
        int c = Long.compare(a.get(0), b.get(0));
        return c != 0 ? c : Long.compare(a.get(1), b.get(1));
    }

    private static final class Session {
        long start;
        long end;
        final List<List<Event>> rows = List.of(new ArrayList<>(), new ArrayList<>());

        Session(long start, long end) {
            this.start = start;
            this.end = end;
        }

        void fire(Reference ref, boolean leftOuter, boolean rightOuter) {
            JoinOperatorPropertyTest.fire(
                    ref, rows.get(0), rows.get(1), new long[] {start, end}, leftOuter, rightOuter);
        }
    }

    /**
     * A window's output: every pair, or the rows of the outer side alone when the other has none.
     */
    private static void fire(
            Reference ref,
            List<Event> left,
            List<Event> right,
            long[] window,
            boolean leftOuter,
            boolean rightOuter) {
        for (Event l : left) {
            for (Event r : right) {
                ref.rows.add(output(l, r, window));
            }
        }
        if (right.isEmpty() && leftOuter) {
            left.forEach(l -> ref.rows.add(output(l, null, window)));
        }
        if (left.isEmpty() && rightOuter) {
            right.forEach(r -> ref.rows.add(output(null, r, window)));
        }
    }
}
