package io.spate.transform;

import static io.spate.transform.ConfigKey.choice;
import static io.spate.transform.ConfigKey.mapping;
import static io.spate.transform.ConfigKey.optionalDuration;
import static io.spate.transform.ConfigKey.requiredString;

import io.spate.config.Durations;
import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Schema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code Join} transform's config and output (src-docs/contracts.md §6): two inputs ({@code
 * input: [left, right]}), {@code keys: {<left input>: field, <right input>: field}} (a field of
 * that side, or a CEL expression over it), {@code kind: inner | left | right | full}, and one of
 * {@code window: {tumbling | sliding | session}} (Flink's window join), {@code interval: {lower,
 * upper}} (Flink's interval join: {@code left.t + lower <= right.t <= left.t + upper}) or neither
 * (a regular join over keyed state, inner only, with an optional {@code stateTtl}).
 *
 * <p>Output: the left fields, then the right fields, a name both sides have prefixed {@code left.}
 * and {@code right.}; a window join adds {@code window_start} and {@code window_end}. {@code
 * select: {name: field}} picks and renames instead, where field is an output name above or {@code
 * left.<f>} / {@code right.<f>}. An outer join's missing side has empty values: 0, 0.0, false, "".
 */
public final class Joins {

    public static final String KEYS = "keys";
    public static final String KIND = "kind";
    public static final String WINDOW = "window";
    public static final String INTERVAL = "interval";
    public static final String STATE_TTL = "stateTtl";
    public static final String SELECT = "select";
    public static final String LEFT_PREFIX = "left.";
    public static final String RIGHT_PREFIX = "right.";

    /** The join kinds, as written in {@code kind}. */
    public static final List<String> KINDS = List.of("inner", "left", "right", "full");

    static final List<ConfigKey> CONFIG_KEYS =
            List.of(
                    ConfigKey.requiredStringMap(
                            KEYS,
                            "per input by name: the field (or expression) joined on; equal keys"
                                    + " join"),
                    choice(KIND, "inner", KINDS, "inner, left, right or full (outer)"),
                    mapping(
                            WINDOW,
                            List.of(
                                    optionalDuration(
                                            Windows.TUMBLING, "fixed windows of this size"),
                                    mapping(
                                            Windows.SLIDING,
                                            List.of(
                                                    ConfigKey.requiredDuration(
                                                            "size", "window size"),
                                                    ConfigKey.requiredDuration(
                                                            "slide",
                                                            "a window starts every slide")),
                                            "windows of size, one every slide"),
                                    mapping(
                                            Windows.SESSION,
                                            List.of(
                                                    ConfigKey.requiredDuration(
                                                            "gap",
                                                            "a session closes after this long"
                                                                    + " without a record of either"
                                                                    + " side")),
                                            "per key, records of both sides closer than gap")),
                            "a window join: rows of the same key and event-time window join"),
                    mapping(
                            INTERVAL,
                            List.of(
                                    requiredString(
                                            "lower",
                                            "right.t >= left.t + lower (a duration, may be"
                                                    + " negative: -5s)"),
                                    requiredString(
                                            "upper", "right.t <= left.t + upper (a duration)")),
                            "an interval join on event time"),
                    optionalDuration(
                            STATE_TTL,
                            "a regular join forgets a row this long (processing time) after it"
                                    + " came"),
                    ConfigKey.stringMap(
                            SELECT,
                            "output fields {name: field}: field is an output name or left.<f> /"
                                    + " right.<f>"));

    /** Where an output field comes from. */
    public enum Side {
        LEFT,
        RIGHT,
        /** {@code window_start} / {@code window_end} of a window join. */
        WINDOW
    }

    /**
     * One output field of a join: {@code field} of side {@code side} (a field name of that input's
     * schema, or window_start/window_end), written as {@code name} with type {@code type}.
     */
    public record Column(Side side, String field, String name, FieldType type) {}

    /** The descriptor: two inputs, so the resolver checks its schema, never {@code schemaRule}. */
    static final TransformDescriptor DESCRIPTOR =
            new TransformDescriptor(
                    TransformCatalog.JOIN,
                    TransformKind.OPERATOR,
                    CONFIG_KEYS,
                    false,
                    (in, config, key, problems) -> {
                        throw new IllegalStateException(
                                "a Join has two inputs: see Joins.outputSchema");
                    },
                    "two inputs joined on a key: regular, window or interval join");

    private Joins() {}

    /**
     * The output columns of a join of {@code left} and {@code right}, as {@link #outputSchema}
     * describes them. Reports problems of {@code select} (or clashes) and returns empty then.
     */
    public static Optional<List<Column>> columns(
            Schema left, Schema right, TransformConfig config, TransformProblems problems) {
        boolean window = config.has(WINDOW);
        Set<String> leftNames = names(left);
        Set<String> rightNames = names(right);
        Set<String> reserved = window ? Set.of(Windows.WINDOW_START, Windows.WINDOW_END) : Set.of();
        Map<String, Column> all = new LinkedHashMap<>();
        Map<String, Column> qualified = new LinkedHashMap<>();
        for (Field f : left.fields()) {
            boolean clash = rightNames.contains(f.name()) || reserved.contains(f.name());
            String name = clash ? LEFT_PREFIX + f.name() : f.name();
            Column c = new Column(Side.LEFT, f.name(), name, f.type());
            all.put(name, c);
            qualified.put(LEFT_PREFIX + f.name(), c);
        }
        for (Field f : right.fields()) {
            boolean clash = leftNames.contains(f.name()) || reserved.contains(f.name());
            String name = clash ? RIGHT_PREFIX + f.name() : f.name();
            Column c = new Column(Side.RIGHT, f.name(), name, f.type());
            if (all.putIfAbsent(name, c) != null) {
                problems.report(
                        null,
                        "output field '"
                                + name
                                + "' comes from both inputs; pick the fields with select");
                return Optional.empty();
            }
            qualified.put(RIGHT_PREFIX + f.name(), c);
        }
        if (window) {
            for (String w : List.of(Windows.WINDOW_START, Windows.WINDOW_END)) {
                all.put(w, new Column(Side.WINDOW, w, w, FieldType.LONG));
            }
        }
        if (!config.has(SELECT)) {
            return Optional.of(List.copyOf(all.values()));
        }
        List<Column> picked = new ArrayList<>();
        boolean ok = true;
        for (Map.Entry<String, String> e : config.getStringMap(SELECT).entrySet()) {
            Column c = all.get(e.getValue());
            if (c == null) {
                c = qualified.get(e.getValue());
            }
            if (c == null) {
                problems.report(
                        SELECT + "." + e.getKey(),
                        "no field '"
                                + e.getValue()
                                + "' in the join's output (fields: "
                                + String.join(", ", all.keySet())
                                + "; or left.<field>, right.<field>)");
                ok = false;
                continue;
            }
            picked.add(new Column(c.side(), c.field(), e.getKey(), c.type()));
        }
        return ok ? Optional.of(List.copyOf(picked)) : Optional.empty();
    }

    /**
     * The output schema of a join of {@code left} (the input named {@code leftName}) and {@code
     * right}, reporting every problem of the config against them: keys naming both inputs and
     * fields (or expressions) of equal type, one of window / interval / neither, outer kinds only
     * with a window or an interval, event time on both sides for those.
     *
     * @param leftTime the event-time field of the left input, if it has one (likewise right)
     */
    public static Optional<Schema> outputSchema(
            Schema left,
            String leftName,
            Optional<String> leftTime,
            Schema right,
            String rightName,
            Optional<String> rightTime,
            TransformConfig config,
            TransformProblems problems) {
        boolean ok = true;
        Map<String, String> keys = config.getStringMap(KEYS);
        if (!keys.keySet().equals(Set.of(leftName, rightName))) {
            problems.report(
                    KEYS,
                    "give one key per input: {"
                            + leftName
                            + ": <field>, "
                            + rightName
                            + ": <field>}, got {"
                            + String.join(", ", keys.keySet())
                            + "}");
            ok = false;
        } else {
            Optional<FieldType> l = keyType(left, keys.get(leftName), leftName, problems);
            Optional<FieldType> r = keyType(right, keys.get(rightName), rightName, problems);
            if (l.isEmpty() || r.isEmpty()) {
                ok = false;
            } else if (l.get() != r.get()) {
                problems.report(
                        KEYS,
                        "the keys differ in type: "
                                + leftName
                                + "'s is "
                                + l.get().specName()
                                + ", "
                                + rightName
                                + "'s "
                                + r.get().specName());
                ok = false;
            }
        }
        boolean window = config.has(WINDOW);
        boolean interval = config.has(INTERVAL);
        if (window && interval) {
            problems.report(null, "config: give window or interval, not both");
            ok = false;
        }
        if (window) {
            ok &= checkWindow(config.getConfig(WINDOW), problems);
        }
        if (interval) {
            ok &= bounds(config, problems).isPresent();
        }
        if (config.has(STATE_TTL) && (window || interval)) {
            problems.report(
                    STATE_TTL,
                    "only a regular join keeps rows until a TTL; a "
                            + (window ? "window" : "interval")
                            + " join forgets them as event time passes");
            ok = false;
        }
        if (config.has(STATE_TTL)
                && (config.getDuration(STATE_TTL).isZero()
                        || config.getDuration(STATE_TTL).isNegative())) {
            problems.report(STATE_TTL, "must be positive");
            ok = false;
        }
        if (!window && !interval && !config.getString(KIND).equals("inner")) {
            problems.report(
                    KIND,
                    "a regular join is inner only: its output is append-only, and an outer row"
                            + " would have to be taken back when its match comes; give a window"
                            + " or an interval for an outer join");
            ok = false;
        }
        if (window || interval) {
            for (var side :
                    List.of(Map.entry(leftName, leftTime), Map.entry(rightName, rightTime))) {
                if (side.getValue().isEmpty()) {
                    problems.report(
                            null,
                            "a "
                                    + (window ? "window" : "interval")
                                    + " join needs event time on both inputs: \""
                                    + side.getKey()
                                    + "\" has none (give its source a watermarks config or put"
                                    + " AssignWatermarks before it)");
                    ok = false;
                }
            }
        }
        Optional<List<Column>> columns = columns(left, right, config, problems);
        if (!ok || columns.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                new Schema(
                        columns.get().stream().map(c -> new Field(c.name(), c.type())).toList()));
    }

    /** A key's type: the field's, or the expression's result; reports against keys.<input>. */
    private static Optional<FieldType> keyType(
            Schema in, String key, String input, TransformProblems problems) {
        int index = in.indexOf(key);
        if (index >= 0) {
            return Optional.of(in.field(index).type());
        }
        if (key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            problems.report(
                    KEYS + "." + input, "no field '" + key + "' in " + SchemaText.describe(in));
            return Optional.empty();
        }
        return ExpressionTransforms.check(key, in, KEYS + "." + input, problems)
                .map(io.spate.expression.Expression::type);
    }

    /** Whether {@code key} names a field of {@code in} (else it is an expression). */
    public static boolean isField(Schema in, String key) {
        return in.indexOf(key) >= 0;
    }

    private static boolean checkWindow(TransformConfig w, TransformProblems problems) {
        List<String> kinds = new ArrayList<>();
        for (String k : List.of(Windows.TUMBLING, Windows.SLIDING, Windows.SESSION)) {
            if (w.has(k)) {
                kinds.add(k);
            }
        }
        if (kinds.size() != 1) {
            problems.report(
                    WINDOW,
                    kinds.isEmpty()
                            ? "give the window: tumbling, sliding or session"
                            : "give one window kind, not " + String.join(" and ", kinds));
            return false;
        }
        List<Map.Entry<String, Duration>> sizes = new ArrayList<>();
        if (w.has(Windows.TUMBLING)) {
            sizes.add(Map.entry(Windows.TUMBLING, w.getDuration(Windows.TUMBLING)));
        }
        if (w.has(Windows.SLIDING)) {
            TransformConfig s = w.getConfig(Windows.SLIDING);
            sizes.add(Map.entry(Windows.SLIDING + ".size", s.getDuration("size")));
            sizes.add(Map.entry(Windows.SLIDING + ".slide", s.getDuration("slide")));
        }
        if (w.has(Windows.SESSION)) {
            sizes.add(
                    Map.entry(
                            Windows.SESSION + ".gap",
                            w.getConfig(Windows.SESSION).getDuration("gap")));
        }
        boolean ok = true;
        for (Map.Entry<String, Duration> e : sizes) {
            Duration d = e.getValue();
            if (d.isZero() || d.isNegative() || d.toNanos() % 1_000_000 != 0) {
                problems.report(
                        WINDOW + "." + e.getKey(),
                        "must be a positive number of whole milliseconds, got "
                                + Durations.format(d));
                ok = false;
            }
        }
        if (ok && w.has(Windows.SLIDING)) {
            TransformConfig s = w.getConfig(Windows.SLIDING);
            if (s.getDuration("slide").compareTo(s.getDuration("size")) > 0) {
                problems.report(
                        WINDOW + "." + Windows.SLIDING + ".slide", "must not be larger than size");
                ok = false;
            }
        }
        return ok;
    }

    /**
     * An interval join's bounds in ms, {lower, upper}, of a config whose {@code interval} is given;
     * empty (reported) when a bound is no duration or lower > upper.
     */
    public static Optional<long[]> bounds(TransformConfig config, TransformProblems problems) {
        TransformConfig i = config.getConfig(INTERVAL);
        Optional<Long> lower = signedMillis(i.getString("lower"), "lower", problems);
        Optional<Long> upper = signedMillis(i.getString("upper"), "upper", problems);
        if (lower.isEmpty() || upper.isEmpty()) {
            return Optional.empty();
        }
        if (lower.get() > upper.get()) {
            problems.report(
                    INTERVAL + ".lower",
                    "must not be above upper ("
                            + i.getString("lower")
                            + " > "
                            + i.getString("upper")
                            + ")");
            return Optional.empty();
        }
        return Optional.of(new long[] {lower.get(), upper.get()});
    }

    /** An interval join's bounds of a validated config. */
    public static long[] bounds(TransformConfig config) {
        return bounds(
                        config,
                        (k, m) -> {
                            throw new IllegalArgumentException(m);
                        })
                .orElseThrow();
    }

    private static Optional<Long> signedMillis(
            String text, String key, TransformProblems problems) {
        String t = text.strip();
        boolean negative = t.startsWith("-");
        try {
            Duration d = Durations.parse(negative ? t.substring(1).strip() : t);
            if (d.toNanos() % 1_000_000 != 0) {
                throw new IllegalArgumentException("must be whole milliseconds");
            }
            return Optional.of(negative ? -d.toMillis() : d.toMillis());
        } catch (IllegalArgumentException | ArithmeticException e) {
            problems.report(
                    INTERVAL + "." + key,
                    "\"" + text + "\" is no duration (like 5s, -500ms, 0s): " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Set<String> names(Schema s) {
        Set<String> names = new HashSet<>();
        s.fields().forEach(f -> names.add(f.name()));
        return names;
    }
}
