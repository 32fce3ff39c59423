package io.spate.expression;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.runtime.CelEvaluationException;
import io.spate.record.FieldType;
import io.spate.record.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A CEL expression type-checked against a record schema: its source, the schema, and the field type
 * of its result. Immutable; the coordinator checks one at submit, each task compiles its own and
 * asks it for a {@link RowProgram}.
 */
public final class Expression {

    private final String source;
    private final Schema schema;
    private final FieldType type;
    private final CelAbstractSyntaxTree ast;

    private Expression(String source, Schema schema, FieldType type, CelAbstractSyntaxTree ast) {
        this.source = source;
        this.schema = schema;
        this.type = type;
        this.ast = ast;
    }

    /**
     * Parses and type-checks {@code source} over {@code schema}'s fields.
     *
     * @throws InvalidExpressionException with every problem found (syntax, unknown names, types
     *     that do not fit, a result no field can hold), each with its line and column
     */
    public static Expression compile(String source, Schema schema)
            throws InvalidExpressionException {
        CelValidationResult result;
        try {
            result = CelEnvironment.compiler(schema).compile(source);
        } catch (RuntimeException | StackOverflowError e) {
            // CEL reports problems as issues; anything it throws instead is a problem of this
            // input too, and must not escape as a server error
            throw new InvalidExpressionException(
                    List.of(new ExpressionProblem(1, 1, "the expression cannot be checked: " + e)));
        }
        if (result.hasError()) {
            List<ExpressionProblem> problems = new ArrayList<>();
            for (CelIssue issue : result.getErrors()) {
                problems.add(
                        new ExpressionProblem(
                                Math.max(1, issue.getSourceLocation().getLine()),
                                issue.getSourceLocation().getColumn() + 1,
                                issue.getMessage()));
            }
            throw new InvalidExpressionException(problems);
        }
        CelAbstractSyntaxTree ast;
        try {
            ast = result.getAst();
        } catch (CelValidationException e) {
            throw new InvalidExpressionException(
                    List.of(new ExpressionProblem(1, 1, e.getMessage())));
        }
        Optional<FieldType> type = CelEnvironment.fieldType(ast.getResultType());
        if (type.isEmpty()) {
            throw new InvalidExpressionException(
                    List.of(
                            new ExpressionProblem(
                                    1,
                                    1,
                                    "the result is "
                                            + dev.cel.common.types.CelTypes.format(
                                                    ast.getResultType())
                                            + "; a field holds int (long), double, string or bool")));
        }
        return new Expression(source, schema, type.get(), ast);
    }

    /** Whether an expression can name a field called {@code name} (a CEL identifier). */
    public static boolean canName(String name) {
        return CelEnvironment.visible(name);
    }

    public String source() {
        return source;
    }

    public Schema schema() {
        return schema;
    }

    /** The field type of the result: LONG for CEL's int, BOOLEAN for bool. */
    public FieldType type() {
        return type;
    }

    /**
     * A program for one thread (a task): evaluates this expression over rows of its schema, by a
     * direct tree where the expression allows (DirectEvaluator), else by CEL's interpreter.
     */
    public RowProgram program() {
        return program(true);
    }

    /**
     * @param direct false: CEL's interpreter always (the reference in tests)
     */
    RowProgram program(boolean direct) {
        try {
            return new RowProgram(
                    CelEnvironment.RUNTIME.createProgram(ast),
                    direct ? DirectEvaluator.plan(ast, schema).orElse(null) : null,
                    schema,
                    type);
        } catch (CelEvaluationException e) {
            throw new IllegalStateException("a checked expression does not plan: " + source, e);
        }
    }
}
