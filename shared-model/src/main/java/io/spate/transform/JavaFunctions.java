package io.spate.transform;

import io.spate.record.Field;
import io.spate.record.FieldType;
import io.spate.record.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code JavaFunction} transform (src-docs/java-functions.md): {@code class}, the user's class
 * in one of the job's {@code jars}, and {@code output: {field: type, ...}}, the schema of what it
 * emits (absent: the input's, as a filter emits). Which API interface the class implements picks
 * the operator; the spec parser cannot see the class, so the coordinator checks it against the jar
 * at submission ({@code io.spate.coordinator.usercode}).
 */
public final class JavaFunctions {

    public static final String CLASS = "class";
    public static final String OUTPUT = "output";

    static final List<ConfigKey> CONFIG_KEYS =
            List.of(
                    ConfigKey.requiredString(
                            CLASS, "the function's class (binary name) in one of the job's jars"),
                    ConfigKey.stringMap(
                            OUTPUT,
                            "the emitted rows' fields: {name: string|long|double|boolean}; absent ="
                                    + " the input's"));

    private JavaFunctions() {}

    /** The output schema of a validated config over input {@code in}. */
    public static Schema outputSchemaOf(Schema in, TransformConfig config) {
        return outputSchema(in, config, Optional.empty(), (key, message) -> {}).orElseThrow();
    }

    static Optional<Schema> outputSchema(
            Schema in,
            TransformConfig config,
            Optional<String> keyField,
            TransformProblems problems) {
        String cls = config.getString(CLASS);
        if (!cls.matches("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.$]*")
                || cls.contains("..")
                || cls.endsWith(".")) {
            problems.report(CLASS, "not a Java class name: \"" + cls + "\"");
            return Optional.empty();
        }
        if (!config.has(OUTPUT)) {
            return Optional.of(in);
        }
        List<Field> fields = new ArrayList<>();
        boolean ok = true;
        for (Map.Entry<String, String> e : config.getStringMap(OUTPUT).entrySet()) {
            Optional<FieldType> type = fieldType(e.getValue());
            if (type.isEmpty()) {
                problems.report(
                        OUTPUT + "." + e.getKey(),
                        "unknown field type \""
                                + e.getValue()
                                + "\" (string, long, double, boolean)");
                ok = false;
            } else {
                fields.add(new Field(e.getKey(), type.get()));
            }
        }
        return ok ? Optional.of(new Schema(fields)) : Optional.empty();
    }

    /** A field type by its spec name (string, long, double, boolean). */
    public static Optional<FieldType> fieldType(String specName) {
        for (FieldType t : FieldType.values()) {
            if (t.specName().equals(specName.toLowerCase(Locale.ROOT))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
