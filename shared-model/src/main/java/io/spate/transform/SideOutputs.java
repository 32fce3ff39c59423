package io.spate.transform;

import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The side outputs a transform has, read as {@code <name>.<side>}: a Window's {@code late} records
 * (its input, unchanged), the {@code deadLetter} records of a transform with {@code onError:
 * deadLetter} (its input plus an {@code error} string), and the Nexmark source's {@code person},
 * {@code auction} and {@code bid} (its only outputs). One rule for the resolver, the compiler and
 * the job graph's check, so they agree on each side output's schema.
 */
public final class SideOutputs {

    public static final String LATE = "late";
    public static final String DEAD_LETTER = "deadLetter";

    /** The field a dead letter adds: what went wrong with the record. */
    public static final String ERROR_FIELD = "error";

    /** {@code onError}: what a transform does with a record an expression fails on. */
    public static final String ON_ERROR = "onError";

    public static final List<String> POLICIES = List.of("fail", "drop", DEAD_LETTER);

    static final ConfigKey ON_ERROR_KEY =
            ConfigKey.choice(
                    ON_ERROR,
                    "fail",
                    POLICIES,
                    "a record an expression fails on: fail the job, drop it, or send it to the"
                            + " side output <name>.deadLetter with an error field");

    private SideOutputs() {}

    /** The side outputs a transform of {@code type} with {@code config} emits. */
    public static List<String> names(String type, TransformConfig config) {
        if (type.equals(TransformCatalog.NEXMARK)) {
            return List.copyOf(Nexmark.OUTPUTS.keySet());
        }
        List<String> names = new ArrayList<>();
        if (type.equals(TransformCatalog.WINDOW)) {
            names.add(LATE);
        }
        if (config.has(ON_ERROR) && config.getString(ON_ERROR).equals(DEAD_LETTER)) {
            names.add(DEAD_LETTER);
        }
        return names;
    }

    /**
     * The schema of side output {@code side}, given what the transform reads (null for a source);
     * empty when it has no such side output.
     */
    public static Optional<Schema> schema(
            String type, TransformConfig config, String side, Schema input) {
        if (!names(type, config).contains(side)) {
            return Optional.empty();
        }
        if (type.equals(TransformCatalog.NEXMARK)) {
            return Optional.of(Nexmark.OUTPUTS.get(side));
        }
        if (input == null) {
            return Optional.empty();
        }
        return Optional.of(side.equals(LATE) ? input : deadLetterSchema(input));
    }

    /** Whether a transform of {@code type} emits on side outputs only (Nexmark). */
    public static boolean onlySideOutputs(String type) {
        return type.equals(TransformCatalog.NEXMARK);
    }

    /**
     * The event-time field of side output {@code side} when the transform sets one of its own
     * (Nexmark's dateTime); empty when the side output carries its input's.
     */
    public static Optional<String> timestampField(String type, String side) {
        return type.equals(TransformCatalog.NEXMARK)
                ? Optional.of(Nexmark.DATE_TIME)
                : Optional.empty();
    }

    /** The input's fields, then {@code error}. */
    public static Schema deadLetterSchema(Schema input) {
        List<Field> fields = new ArrayList<>(input.fields());
        fields.add(new Field(ERROR_FIELD, FieldType.STRING));
        return new Schema(fields);
    }

    /** Reports an input that has an {@code error} field already, where dead letters add one. */
    static boolean checkDeadLetterInput(
            Schema input, TransformConfig config, TransformProblems problems) {
        if (config.has(ON_ERROR)
                && config.getString(ON_ERROR).equals(DEAD_LETTER)
                && input.indexOf(ERROR_FIELD) >= 0) {
            problems.report(
                    ON_ERROR,
                    "dead letters are the input plus a field '"
                            + ERROR_FIELD
                            + "', and the input has one already; rename it first");
            return false;
        }
        return true;
    }
}
