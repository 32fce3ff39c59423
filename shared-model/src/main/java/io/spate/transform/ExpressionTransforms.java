package io.spate.transform;

import static io.spate.transform.ConfigKey.bool;
import static io.spate.transform.ConfigKey.requiredString;
import static io.spate.transform.ConfigKey.requiredStringMap;

import io.spate.expression.Expression;
import io.spate.expression.ExpressionProblem;
import io.spate.expression.InvalidExpressionException;
import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The transforms whose logic is a CEL expression over the record (Beam YAML's {@code Filter} and
 * {@code MapToFields}), and the one way every expression in a spec is checked and reported.
 */
public final class ExpressionTransforms {

    private ExpressionTransforms() {}

    static final TransformDescriptor FILTER =
            new TransformDescriptor(
                    TransformCatalog.FILTER,
                    TransformKind.OPERATOR,
                    List.of(
                            requiredString(
                                    "expression", "a bool expression; true keeps the record"),
                            SideOutputs.ON_ERROR_KEY),
                    false,
                    ExpressionTransforms::filterSchema,
                    "keeps the records an expression is true for");

    static final TransformDescriptor MAP_TO_FIELDS =
            new TransformDescriptor(
                    TransformCatalog.MAP_TO_FIELDS,
                    TransformKind.OPERATOR,
                    List.of(
                            requiredStringMap("fields", "output field name: expression"),
                            bool(
                                    "append",
                                    false,
                                    "keep the input's fields (a field given again is replaced in"
                                            + " place) and add the new ones after them"),
                            SideOutputs.ON_ERROR_KEY),
                    false,
                    ExpressionTransforms::mapToFieldsSchema,
                    "computes fields from expressions");

    /**
     * KeyBy's keys: the key {@code field}, and optionally the {@code expression} that computes it
     * (then added to the record) with its {@code onError}.
     */
    static final List<ConfigKey> KEY_BY_KEYS =
            List.of(
                    requiredString(
                            "field",
                            "the field to hash-partition and key by; with expression, the field"
                                    + " the expression's value is added as"),
                    ConfigKey.optionalString(
                            "expression", "computes the key field from the record's fields"),
                    new ConfigKey(
                            SideOutputs.ON_ERROR,
                            ConfigType.STRING,
                            false,
                            Optional.empty(),
                            0,
                            List.of("fail", "drop"),
                            List.of(),
                            "a record the key expression fails on: fail the job (default) or drop"
                                    + " it"));

    /** The input, or with an expression the input plus the key field. */
    static Optional<Schema> keyBySchema(
            Schema in, TransformConfig config, Optional<String> key, TransformProblems problems) {
        String field = config.getString("field");
        if (!config.has("expression")) {
            if (config.has(SideOutputs.ON_ERROR)) {
                problems.report(SideOutputs.ON_ERROR, "belongs to a KeyBy by expression");
                return Optional.empty();
            }
            return BuiltInTransforms.requireField(in, field, null, problems)
                    ? Optional.of(in)
                    : Optional.empty();
        }
        boolean ok = true;
        if (in.indexOf(field) >= 0) {
            problems.report(
                    "field",
                    "the expression's key is added as field '"
                            + field
                            + "', and the input has one already; name the key otherwise");
            ok = false;
        }
        Optional<Expression> e = check(config.getString("expression"), in, "expression", problems);
        return ok && e.isPresent()
                ? Optional.of(in.with(new Field(field, e.get().type())))
                : Optional.empty();
    }

    /** The input: right whatever is wrong with the expression, so what follows is checked too. */
    private static Optional<Schema> filterSchema(
            Schema in, TransformConfig config, Optional<String> key, TransformProblems problems) {
        SideOutputs.checkDeadLetterInput(in, config, problems);
        Optional<Expression> e = check(config.getString("expression"), in, "expression", problems);
        if (e.isPresent() && e.get().type() != FieldType.BOOLEAN) {
            problems.report(
                    "expression",
                    quote(e.get().source())
                            + ": is "
                            + typeName(e.get().type())
                            + ", a filter needs a bool");
        }
        return Optional.of(in);
    }

    private static Optional<Schema> mapToFieldsSchema(
            Schema in, TransformConfig config, Optional<String> key, TransformProblems problems) {
        boolean ok = SideOutputs.checkDeadLetterInput(in, config, problems);
        boolean append = config.getBoolean("append");
        List<Field> fields = append ? new ArrayList<>(in.fields()) : new ArrayList<>();
        for (Map.Entry<String, String> f : config.getStringMap("fields").entrySet()) {
            String name = f.getKey();
            String path = "fields." + name;
            if (name.isBlank()) {
                problems.report(path, "a field name must not be blank");
                ok = false;
                continue;
            }
            Optional<Expression> e = check(f.getValue(), in, path, problems);
            if (e.isEmpty()) {
                ok = false;
                continue;
            }
            Field field = new Field(name, e.get().type());
            int existing = indexOf(fields, name);
            if (existing >= 0) {
                fields.set(existing, field);
            } else {
                fields.add(field);
            }
        }
        return ok ? Optional.of(new Schema(fields)) : Optional.empty();
    }

    private static int indexOf(List<Field> fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Compiles {@code source} over {@code in}, reporting every problem at config key {@code key} as
     * {@code "<source>": column N: <what>}.
     */
    public static Optional<Expression> check(
            String source, Schema in, String key, TransformProblems problems) {
        try {
            return Optional.of(Expression.compile(source, in));
        } catch (InvalidExpressionException e) {
            boolean multiline = source.indexOf('\n') >= 0;
            for (ExpressionProblem p : e.problems()) {
                problems.report(key, quote(source) + ": " + p.describe(multiline));
            }
            return Optional.empty();
        }
    }

    /** The expression as a user wrote it, cut short so a huge one cannot flood an error. */
    static String quote(String source) {
        String s = source.length() <= 80 ? source : source.substring(0, 77) + "...";
        return "\"" + s.replace("\n", " ") + "\"";
    }

    /** CEL's name for a field type, as the type checker's messages use it. */
    static String typeName(FieldType type) {
        return switch (type) {
            case LONG -> "int";
            case DOUBLE -> "double";
            case STRING -> "string";
            case BOOLEAN -> "bool";
        };
    }
}
