package io.spate.expression;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import io.spate.record.FieldType;
import io.spate.record.Row;
import io.spate.record.Schema;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One checked expression, ready to run over rows of its schema. Not thread-safe: it holds the
 * current row, so the expression's variables are read from the row itself rather than from a map
 * built per record. One per task.
 */
public final class RowProgram implements CelVariableResolver {

    private static final Pattern POSITION = Pattern.compile("<input>:(\\d+)");

    private final CelRuntime.Program program;
    private final DirectEvaluator.Node direct; // null: CEL's interpreter runs it
    private final Map<String, Integer> index = new HashMap<>();
    private final FieldType[] types;
    private final FieldType resultType;
    private Row current;

    RowProgram(
            CelRuntime.Program program,
            DirectEvaluator.Node direct,
            Schema schema,
            FieldType resultType) {
        this.program = program;
        this.direct = direct;
        this.resultType = resultType;
        this.types = new FieldType[schema.size()];
        for (int i = 0; i < schema.size(); i++) {
            index.put(schema.field(i).name(), i);
            types[i] = schema.field(i).type();
        }
    }

    public FieldType resultType() {
        return resultType;
    }

    /**
     * The expression's value for {@code row}: a Long, Double, String or Boolean as {@link
     * #resultType()} says.
     *
     * @throws ExpressionEvaluationException when it fails on this row (division by zero, overflow)
     */
    public Object evaluate(Row row) throws ExpressionEvaluationException {
        if (direct != null) {
            return direct.boxed(row);
        }
        return interpret(row);
    }

    /** Whether the expression runs without CEL's interpreter (see DirectEvaluator). */
    public boolean direct() {
        return direct != null;
    }

    /** {@link #evaluate} by CEL's interpreter, whatever the expression. */
    Object interpret(Row row) throws ExpressionEvaluationException {
        current = row;
        try {
            return program.eval(this);
        } catch (CelEvaluationException e) {
            throw new ExpressionEvaluationException(message(e), e);
        } catch (RuntimeException e) {
            // CEL's interpreter lets some faults through unwrapped; they are this record's too.
            throw new ExpressionEvaluationException(String.valueOf(e.getMessage()), e);
        } finally {
            current = null;
        }
    }

    /** {@link #evaluate} for a bool expression. */
    public boolean test(Row row) throws ExpressionEvaluationException {
        return direct != null ? direct.asBool(row) : (Boolean) interpret(row);
    }

    /** {@link #evaluate} for an int expression. */
    public long evaluateLong(Row row) throws ExpressionEvaluationException {
        return direct != null ? direct.asLong(row) : (Long) interpret(row);
    }

    /** The value of a numeric result as a double (a long widened). */
    public double evaluateDouble(Row row) throws ExpressionEvaluationException {
        if (direct != null) {
            return direct.number(row);
        }
        Object v = interpret(row);
        return v instanceof Long l ? l.doubleValue() : (Double) v;
    }

    /** {@link #evaluate} for a string expression. */
    public String evaluateString(Row row) throws ExpressionEvaluationException {
        return direct != null ? direct.asString(row) : (String) interpret(row);
    }

    @Override
    public Optional<Object> find(String name) {
        Integer i = index.get(name);
        if (i == null || current == null) {
            return Optional.empty();
        }
        return Optional.of(
                switch (types[i]) {
                    case LONG -> current.getLong(i);
                    case DOUBLE -> current.getDouble(i);
                    case BOOLEAN -> current.getBoolean(i);
                    case STRING -> current.getString(i);
                });
    }

    /** CEL says {@code evaluation error at <input>:6: / by zero}; a user reads a column. */
    private static String message(CelEvaluationException e) {
        String text = String.valueOf(e.getMessage());
        Matcher m = POSITION.matcher(text);
        if (m.find()) {
            text = m.replaceFirst("column " + (Integer.parseInt(m.group(1)) + 1));
        }
        return text;
    }
}
