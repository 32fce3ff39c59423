package io.spate.transform;

import static io.spate.transform.ConfigKey.bool;
import static io.spate.transform.ConfigKey.choice;
import static io.spate.transform.ConfigKey.duration;
import static io.spate.transform.ConfigKey.mapping;
import static io.spate.transform.ConfigKey.optionalDuration;
import static io.spate.transform.ConfigKey.optionalString;

import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Schema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code Window} transform's config and output schema (src-docs/contracts.md §6): one of {@code
 * tumbling: size}, {@code sliding: {size, slide}}, {@code session: {gap}}; {@code time: event |
 * processing}; {@code allowedLateness}; {@code aggregations: [{count: {}}, {sum: f}, ..]} each with
 * an optional {@code as}, each reading a field or, when the text names none, a CEL expression over
 * the record (then {@code as} is required); {@code all: true} for a window over all records (no
 * KeyBy, one subtask); {@code onError} for a record an expression fails on. Output: the key field
 * (unless all), {@code window_start}, {@code window_end} (epoch ms, end exclusive), then one field
 * per aggregation in the order given.
 */
public final class Windows {

    public static final String TUMBLING = "tumbling";
    public static final String SLIDING = "sliding";
    public static final String SESSION = "session";
    public static final String WINDOW_START = "window_start";
    public static final String WINDOW_END = "window_end";

    /** The aggregation kinds, as written in an aggregation mapping. */
    public static final List<String> AGGREGATIONS = List.of("count", "sum", "min", "max", "avg");

    static final List<ConfigKey> CONFIG_KEYS =
            List.of(
                    optionalDuration(TUMBLING, "fixed windows of this size"),
                    mapping(
                            SLIDING,
                            List.of(
                                    ConfigKey.requiredDuration("size", "window size"),
                                    ConfigKey.requiredDuration(
                                            "slide", "a window starts every slide")),
                            "windows of size, one every slide"),
                    mapping(
                            SESSION,
                            List.of(
                                    ConfigKey.requiredDuration(
                                            "gap",
                                            "a window closes after this long without a record")),
                            "per key, records closer than gap in one window (merging)"),
                    choice(
                            "time",
                            "event",
                            List.of("event", "processing"),
                            "event or processing time"),
                    duration(
                            "allowedLateness",
                            Duration.ZERO,
                            "late records up to this update and re-emit a fired window"),
                    new ConfigKey(
                            "aggregations",
                            ConfigType.LIST,
                            true,
                            Optional.empty(),
                            0,
                            List.of(),
                            List.of(
                                    mapping("count", List.of(), "records in the window"),
                                    optionalString("sum", "sum of a numeric field or expression"),
                                    optionalString(
                                            "min", "least value of a numeric field or expression"),
                                    optionalString(
                                            "max",
                                            "largest value of a numeric field or expression"),
                                    optionalString(
                                            "avg",
                                            "mean of a numeric field or expression (a double)"),
                                    optionalString("as", "the output field's name")),
                            "computed per key and window, incrementally"),
                    bool("all", false, "one window over all records: no KeyBy, parallelism 1"),
                    SideOutputs.ON_ERROR_KEY);

    /** One aggregation of a Window: its kind, the field it reads (none for count), its output. */
    public record Aggregation(String kind, Optional<String> field, String outputName) {}

    private Windows() {}

    /** The aggregations of a validated Window config, in the order given. */
    public static List<Aggregation> aggregations(TransformConfig config) {
        List<Aggregation> result = new ArrayList<>();
        for (TransformConfig a : config.getList("aggregations")) {
            for (String kind : AGGREGATIONS) {
                if (!a.has(kind)) {
                    continue;
                }
                Optional<String> field =
                        kind.equals("count") ? Optional.empty() : Optional.of(a.getString(kind));
                String name =
                        a.has("as")
                                ? a.getString("as")
                                : field.map(f -> kind + "_" + f).orElse(kind);
                result.add(new Aggregation(kind, field, name));
            }
        }
        return result;
    }

    static Optional<Schema> outputSchema(
            Schema in,
            TransformConfig config,
            Optional<String> keyField,
            TransformProblems problems) {
        boolean ok = SideOutputs.checkDeadLetterInput(in, config, problems);
        List<String> kinds = new ArrayList<>();
        for (String k : List.of(TUMBLING, SLIDING, SESSION)) {
            if (config.has(k)) {
                kinds.add(k);
            }
        }
        if (kinds.size() != 1) {
            problems.report(
                    null,
                    kinds.isEmpty()
                            ? "config: give the window: tumbling, sliding or session"
                            : "config: give one window kind, not " + String.join(" and ", kinds));
            ok = false;
        }
        if (config.has(TUMBLING)) {
            ok &= positive(config.getDuration(TUMBLING), TUMBLING, problems);
        }
        if (config.has(SLIDING)) {
            TransformConfig s = config.getConfig(SLIDING);
            boolean sizes =
                    positive(s.getDuration("size"), SLIDING + ".size", problems)
                            & positive(s.getDuration("slide"), SLIDING + ".slide", problems);
            ok &= sizes;
            if (sizes && s.getDuration("slide").compareTo(s.getDuration("size")) > 0) {
                problems.report(
                        SLIDING + ".slide",
                        "must not be larger than size ("
                                + io.spate.config.Durations.format(s.getDuration("size"))
                                + ")");
                ok = false;
            }
        }
        if (config.has(SESSION)) {
            ok &=
                    positive(
                            config.getConfig(SESSION).getDuration("gap"),
                            SESSION + ".gap",
                            problems);
        }
        List<Field> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (keyField.isPresent()) {
            Field key = in.field(in.indexOf(keyField.get()));
            fields.add(key);
            names.add(key.name());
        }
        for (String n : List.of(WINDOW_START, WINDOW_END)) {
            if (!names.add(n)) {
                problems.report(null, "the key field must not be called " + n);
                ok = false;
            }
            fields.add(new Field(n, FieldType.LONG));
        }
        List<TransformConfig> list = config.getList("aggregations");
        for (int i = 0; i < list.size(); i++) {
            TransformConfig a = list.get(i);
            String path = "aggregations[" + i + "]";
            List<String> given = AGGREGATIONS.stream().filter(a::has).toList();
            if (given.size() != 1) {
                problems.report(
                        path,
                        given.isEmpty()
                                ? "give one of " + String.join(", ", AGGREGATIONS)
                                : "give one aggregation per entry, not "
                                        + String.join(" and ", given));
                ok = false;
                continue;
            }
            String kind = given.getFirst();
            FieldType type = FieldType.LONG;
            String name = kind;
            if (!kind.equals("count")) {
                String f = a.getString(kind);
                int index = in.indexOf(f);
                FieldType ft;
                if (index >= 0) {
                    ft = in.field(index).type();
                    name = kind + "_" + f;
                } else if (f.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    problems.report(
                            path + "." + kind,
                            "no field '" + f + "' in " + SchemaText.describe(in));
                    ok = false;
                    continue;
                } else {
                    // not a field's name: an expression over the record's fields
                    Optional<io.spate.expression.Expression> e =
                            ExpressionTransforms.check(f, in, path + "." + kind, problems);
                    if (e.isEmpty()) {
                        ok = false;
                        continue;
                    }
                    if (!a.has("as")) {
                        problems.report(
                                path + ".as",
                                "required: \""
                                        + f
                                        + "\" is no field of "
                                        + SchemaText.describe(in)
                                        + ", so it is an expression, and its result needs a"
                                        + " name");
                        ok = false;
                        continue;
                    }
                    ft = e.get().type();
                }
                if (ft != FieldType.LONG && ft != FieldType.DOUBLE) {
                    problems.report(
                            path + "." + kind,
                            kind
                                    + " needs a number (long or double); '"
                                    + f
                                    + "' is "
                                    + ft.specName());
                    ok = false;
                    continue;
                }
                type = kind.equals("avg") ? FieldType.DOUBLE : ft;
            }
            if (a.has("as")) {
                name = a.getString("as");
            }
            if (!names.add(name)) {
                problems.report(
                        path + (a.has("as") ? ".as" : ""),
                        "output field '" + name + "' is there twice; name one with as");
                ok = false;
                continue;
            }
            fields.add(new Field(name, type));
        }
        return ok ? Optional.of(new Schema(fields)) : Optional.empty();
    }

    private static boolean positive(Duration d, String key, TransformProblems problems) {
        if (d.isZero() || d.isNegative()) {
            problems.report(key, "must be positive, got " + io.spate.config.Durations.format(d));
            return false;
        }
        if (d.toNanos() % 1_000_000 != 0) {
            problems.report(key, "must be whole milliseconds (event time is epoch ms)");
            return false;
        }
        return true;
    }

    /** Window sizes in ms of a validated config: {size, slide} (tumbling: slide = size). */
    public static long[] sizeAndSlideMillis(TransformConfig config) {
        if (config.has(TUMBLING)) {
            long size = config.getDuration(TUMBLING).toMillis();
            return new long[] {size, size};
        }
        TransformConfig s = config.getConfig(SLIDING);
        return new long[] {s.getDuration("size").toMillis(), s.getDuration("slide").toMillis()};
    }
}
