package io.spate.transform;

import static io.spate.transform.ConfigKey.bool;
import static io.spate.transform.ConfigKey.choice;
import static io.spate.transform.ConfigKey.duration;
import static io.spate.transform.ConfigKey.longKey;
import static io.spate.transform.ConfigKey.optionalLong;
import static io.spate.transform.ConfigKey.requiredLong;
import static io.spate.transform.ConfigKey.requiredString;
import static io.spate.transform.ConfigKey.string;

import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Schema;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The built-in transforms of src-docs/contracts.md §4, one descriptor each. */
final class BuiltInTransforms {

    private BuiltInTransforms() {}

    static final Field WORD = new Field("word", FieldType.STRING);
    static final Field TS = new Field("ts", FieldType.LONG);

    static final TransformDescriptor WORDS =
            source(
                    TransformCatalog.WORDS,
                    List.of(
                            optionalLong("count", 0, "records in total; absent = unbounded"),
                            longKey("vocabulary", 10_000, 1, "distinct words"),
                            longKey("rate", 0, 0, "records/s over all subtasks; 0 = unlimited"),
                            bool("timestamps", false, "add ts = System.nanoTime() at emission"),
                            EventTime.EVENT_TIME,
                            EventTime.WATERMARKS),
                    EventTime.withWatermarks(
                            (in, config, key, problems) -> {
                                List<Field> fields = new java.util.ArrayList<>(List.of(WORD));
                                if (config.getBoolean("timestamps")) {
                                    fields.add(TS);
                                }
                                if (config.has(EventTime.EVENT_TIME_KEY)) {
                                    fields.add(EventTime.ET);
                                }
                                return Optional.of(new Schema(fields));
                            }),
                    "synthetic words w<n>, deterministic per index");

    static final TransformDescriptor SEQUENCE =
            source(
                    TransformCatalog.SEQUENCE,
                    List.of(
                            longKey("from", 0, Long.MIN_VALUE, "first value"),
                            requiredLong("to", Long.MIN_VALUE, "last value (inclusive)"),
                            longKey("rate", 0, 0, "records/s over all subtasks; 0 = unlimited"),
                            EventTime.EVENT_TIME,
                            EventTime.WATERMARKS),
                    EventTime.withWatermarks(
                            (in, config, key, problems) -> {
                                if (config.getLong("to") < config.getLong("from")) {
                                    problems.report(
                                            "to",
                                            "must be at least from ("
                                                    + config.getLong("from")
                                                    + "), got "
                                                    + config.getLong("to"));
                                    return Optional.empty();
                                }
                                Field value = new Field("value", FieldType.LONG);
                                return Optional.of(
                                        config.has(EventTime.EVENT_TIME_KEY)
                                                ? Schema.of(value, EventTime.ET)
                                                : Schema.of(value));
                            }),
                    "the longs from..to");

    static final TransformDescriptor READ_FROM_TEXT =
            source(
                    TransformCatalog.READ_FROM_TEXT,
                    List.of(requiredString("path", "a file or a directory of files")),
                    (in, config, key, problems) ->
                            Optional.of(Schema.of(new Field("line", FieldType.STRING))),
                    "every line of every file, once");

    static final TransformDescriptor TOKENIZE =
            new TransformDescriptor(
                    TransformCatalog.TOKENIZE,
                    TransformKind.OPERATOR,
                    List.of(string("field", "line", "the string field to split")),
                    false,
                    (in, config, key, problems) ->
                            requireField(in, config.getString("field"), FieldType.STRING, problems)
                                    ? Optional.of(Schema.of(WORD))
                                    : Optional.empty(),
                    "lower-cased runs of letters/digits");

    static final TransformDescriptor KEY_BY =
            partitioner(
                    TransformCatalog.KEY_BY,
                    ExpressionTransforms.KEY_BY_KEYS,
                    ExpressionTransforms::keyBySchema,
                    "hash-partitions by a field or an expression's value; the next keyed"
                            + " transform keys by it");

    static final TransformDescriptor REBALANCE =
            partitioner(
                    TransformCatalog.REBALANCE,
                    List.of(),
                    (in, config, key, problems) -> Optional.of(in),
                    "round-robin to the consumer subtasks");

    static final TransformDescriptor BROADCAST =
            partitioner(
                    TransformCatalog.BROADCAST,
                    List.of(),
                    (in, config, key, problems) -> Optional.of(in),
                    "every record to every consumer subtask");

    static final TransformDescriptor RUNNING_COUNT =
            new TransformDescriptor(
                    TransformCatalog.RUNNING_COUNT,
                    TransformKind.OPERATOR,
                    List.of(),
                    true,
                    (in, config, key, problems) -> {
                        Field keyField = in.field(in.indexOf(key.orElseThrow()));
                        if (keyField.name().equals("count")) {
                            problems.report(
                                    null,
                                    "emits {<key field>, count}: the key field must not be called count");
                            return Optional.empty();
                        }
                        return Optional.of(Schema.of(keyField, new Field("count", FieldType.LONG)));
                    },
                    "for each record, its key's count so far");

    static final TransformDescriptor ASSIGN_WATERMARKS =
            new TransformDescriptor(
                    TransformCatalog.ASSIGN_WATERMARKS,
                    TransformKind.OPERATOR,
                    EventTime.WATERMARK_FIELDS,
                    false,
                    (in, config, key, problems) ->
                            EventTime.checkTimestampField(in, config, "", problems)
                                    ? Optional.of(in)
                                    : Optional.empty(),
                    "event time from a long field, watermarks behind its maximum");

    static final TransformDescriptor WINDOW =
            new TransformDescriptor(
                    TransformCatalog.WINDOW,
                    TransformKind.OPERATOR,
                    Windows.CONFIG_KEYS,
                    true,
                    Windows::outputSchema,
                    "per key and window: count, sum, min, max, avg");

    static final TransformDescriptor WRITE_TO_FILES =
            sink(
                    TransformCatalog.WRITE_TO_FILES,
                    List.of(
                            requiredString("path", "the output directory"),
                            choice(
                                    "format",
                                    "csv",
                                    List.of("csv", "jsonl"),
                                    "csv (RFC 4180) or jsonl")),
                    "exactly-once files, committed on checkpoints");

    static final TransformDescriptor DISCARD =
            sink(TransformCatalog.DISCARD, List.of(), "counts records only");

    static final TransformDescriptor LOG =
            sink(TransformCatalog.LOG, List.of(), "prints records to the log");

    static final TransformDescriptor LATENCY_HISTOGRAM =
            new TransformDescriptor(
                    TransformCatalog.LATENCY_HISTOGRAM,
                    TransformKind.SINK,
                    List.of(
                            string("field", "ts", "a long System.nanoTime() stamp"),
                            duration(
                                    "warmup",
                                    Duration.ZERO,
                                    "records this long after the first are skipped")),
                    false,
                    (in, config, key, problems) -> {
                        requireField(in, config.getString("field"), FieldType.LONG, problems);
                        return Optional.empty();
                    },
                    "histogram of System.nanoTime() - field");

    static final TransformDescriptor JAVA_FUNCTION =
            new TransformDescriptor(
                    TransformCatalog.JAVA_FUNCTION,
                    TransformKind.OPERATOR,
                    JavaFunctions.CONFIG_KEYS,
                    false,
                    JavaFunctions::outputSchema,
                    "a user's map, filter, flatMap or keyed process function from a jar");

    static final List<TransformDescriptor> ALL =
            List.of(
                    WORDS,
                    SEQUENCE,
                    READ_FROM_TEXT,
                    Nexmark.DESCRIPTOR,
                    TOKENIZE,
                    RUNNING_COUNT,
                    ASSIGN_WATERMARKS,
                    ExpressionTransforms.FILTER,
                    ExpressionTransforms.MAP_TO_FIELDS,
                    WINDOW,
                    Joins.DESCRIPTOR,
                    JAVA_FUNCTION,
                    KEY_BY,
                    REBALANCE,
                    BROADCAST,
                    WRITE_TO_FILES,
                    DISCARD,
                    LOG,
                    LATENCY_HISTOGRAM);

    private static TransformDescriptor source(
            String type, List<ConfigKey> keys, SchemaRule rule, String summary) {
        return new TransformDescriptor(type, TransformKind.SOURCE, keys, false, rule, summary);
    }

    private static TransformDescriptor partitioner(
            String type, List<ConfigKey> keys, SchemaRule rule, String summary) {
        return new TransformDescriptor(type, TransformKind.PARTITIONER, keys, false, rule, summary);
    }

    private static TransformDescriptor sink(String type, List<ConfigKey> keys, String summary) {
        return new TransformDescriptor(
                type,
                TransformKind.SINK,
                keys,
                false,
                (in, config, key, problems) -> Optional.empty(),
                summary);
    }

    /**
     * Whether {@code in} has a field {@code name} of {@code type} (any type when null); reports
     * against config key {@code field} when not.
     */
    static boolean requireField(
            Schema in, String name, FieldType type, TransformProblems problems) {
        int index = in.indexOf(name);
        if (index < 0) {
            problems.report(
                    "field",
                    "no field '" + name + "' in the input schema " + SchemaText.describe(in));
            return false;
        }
        FieldType actual = in.field(index).type();
        if (type != null && actual != type) {
            problems.report(
                    "field",
                    "field '"
                            + name
                            + "' is "
                            + actual.specName()
                            + ", must be "
                            + type.specName());
            return false;
        }
        return true;
    }
}
