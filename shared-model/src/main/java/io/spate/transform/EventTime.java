package io.spate.transform;

import static io.spate.transform.ConfigKey.duration;
import static io.spate.transform.ConfigKey.longKey;
import static io.spate.transform.ConfigKey.mapping;
import static io.spate.transform.ConfigKey.optionalDuration;
import static io.spate.transform.ConfigKey.requiredString;

import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Schema;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The event-time config keys sources and AssignWatermarks share: {@code eventTime: {start, step}}
 * (Words, Sequence: a long field {@code et} = start + i × step) and {@code watermarks: {field,
 * maxOutOfOrderness, idleness}} (event time from a long epoch-ms field, watermarks {@code
 * maxOutOfOrderness} behind the largest seen).
 */
public final class EventTime {

    public static final String EVENT_TIME_KEY = "eventTime";
    public static final String WATERMARKS_KEY = "watermarks";

    /** The field {@code eventTime} adds. */
    public static final Field ET = new Field("et", FieldType.LONG);

    static final ConfigKey EVENT_TIME =
            mapping(
                    EVENT_TIME_KEY,
                    List.of(
                            longKey("start", 0, Long.MIN_VALUE, "epoch ms of record 0"),
                            duration("step", Duration.ofMillis(1), "event time between records")),
                    "adds et = start + i × step (epoch ms) to record i");

    /** The keys of a watermarks mapping, and of AssignWatermarks' config. */
    static final List<ConfigKey> WATERMARK_FIELDS =
            List.of(
                    requiredString("field", "a long field: event time, epoch ms"),
                    duration(
                            "maxOutOfOrderness",
                            Duration.ZERO,
                            "how far behind the largest event time seen records may come"),
                    optionalDuration(
                            "idleness",
                            "no record for this long: stop holding back the watermark downstream"));

    static final ConfigKey WATERMARKS =
            mapping(
                    WATERMARKS_KEY,
                    WATERMARK_FIELDS,
                    "event time from a long field; watermarks every watermarkInterval");

    private EventTime() {}

    /** A source rule that also checks {@code watermarks.field} against the source's output. */
    static SchemaRule withWatermarks(SchemaRule rule) {
        return (in, config, key, problems) -> {
            Optional<Schema> out = rule.outputSchema(in, config, key, problems);
            if (out.isPresent() && config.has(WATERMARKS_KEY)) {
                if (!checkTimestampField(
                        out.get(),
                        config.getConfig(WATERMARKS_KEY),
                        WATERMARKS_KEY + ".",
                        problems)) {
                    return Optional.empty();
                }
            }
            return out;
        };
    }

    /** Whether {@code config.field} is a long field of {@code schema}; reports at prefix+field. */
    static boolean checkTimestampField(
            Schema schema, TransformConfig config, String prefix, TransformProblems problems) {
        String field = config.getString("field");
        int index = schema.indexOf(field);
        if (index < 0) {
            problems.report(
                    prefix + "field", "no field '" + field + "' in " + SchemaText.describe(schema));
            return false;
        }
        FieldType type = schema.field(index).type();
        if (type != FieldType.LONG) {
            problems.report(
                    prefix + "field",
                    "field '"
                            + field
                            + "' is "
                            + type.specName()
                            + "; event time must be a long (epoch ms)");
            return false;
        }
        return true;
    }

    /**
     * The timestamp field a transform's own config names (a source's watermarks, AssignWatermarks).
     */
    public static Optional<String> timestampFieldOf(TransformDescriptor d, TransformConfig config) {
        if (d.type().equals(TransformCatalog.ASSIGN_WATERMARKS)) {
            return Optional.of(config.getString("field"));
        }
        if (d.isSource() && config.has(WATERMARKS_KEY)) {
            return Optional.of(config.getConfig(WATERMARKS_KEY).getString("field"));
        }
        return Optional.empty();
    }
}
