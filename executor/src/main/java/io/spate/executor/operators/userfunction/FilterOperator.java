package io.spate.executor.operators.userfunction;

import io.spate.api.FilterFunction;
import io.spate.executor.operators.OneInputOperator;
import io.spate.executor.operators.OperatorMetrics;
import io.spate.executor.operators.Output;
import io.spate.record.Row;

/**
 * A {@link FilterFunction} as an operator: passes on the rows it keeps, unchanged. Task thread
 * only.
 */
final class FilterOperator implements OneInputOperator {

    private final FunctionRuntime runtime;
    private final FilterFunction function;
    private final Output out;

    FilterOperator(FunctionRuntime runtime, FilterFunction function, Output out) {
        this.runtime = runtime;
        this.function = function;
        this.out = out;
        if (!runtime.inputSchema().equals(runtime.outputSchema())) {
            throw new IllegalArgumentException(
                    runtime.transformName()
                            + ": a FilterFunction emits its input rows; drop output (or make it"
                            + " the input's schema "
                            + runtime.inputSchema()
                            + ")");
        }
    }

    @Override
    public void open() throws Exception {
        function.open(runtime);
    }

    @Override
    public void processRecord(Row row) throws Exception {
        if (function.filter(row)) {
            out.emit(row);
        }
    }

    @Override
    public void close() throws Exception {
        function.close();
    }

    @Override
    public void reportMetrics(OperatorMetrics metrics) {
        runtime.report(metrics);
    }
}
