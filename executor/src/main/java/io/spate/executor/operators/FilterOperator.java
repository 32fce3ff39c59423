package io.spate.executor.operators;

import io.spate.expression.Expression;
import io.spate.expression.ExpressionEvaluationException;
import io.spate.expression.InvalidExpressionException;
import io.spate.expression.RowProgram;
import io.spate.record.Row;

/** {@code Filter}: emits the records its bool expression is true for, unchanged. */
public final class FilterOperator implements OneInputOperator {

    private final Output out;
    private final String source;
    private final RowProgram program;
    private final RecordErrors errors;

    public FilterOperator(OperatorContext context, Output out) {
        this.out = out;
        this.source = context.spec().config().getString("expression");
        this.program = compile(context, source);
        this.errors = new RecordErrors(context);
    }

    /** Compiled again per task: the coordinator checked it, so a failure here is a bug. */
    static RowProgram compile(OperatorContext context, String source) {
        try {
            return Expression.compile(source, context.spec().inputSchema().orElseThrow()).program();
        } catch (InvalidExpressionException e) {
            throw new IllegalArgumentException(
                    context.spec().name() + ": \"" + source + "\": " + e.getMessage(), e);
        }
    }

    @Override
    public void processRecord(Row row) throws Exception {
        boolean keep;
        try {
            keep = program.test(row);
        } catch (ExpressionEvaluationException e) {
            errors.failed(row, source, e);
            return;
        }
        if (keep) {
            out.emit(row);
        }
    }

    @Override
    public void reportMetrics(OperatorMetrics metrics) {
        errors.reportMetrics(metrics);
    }
}
