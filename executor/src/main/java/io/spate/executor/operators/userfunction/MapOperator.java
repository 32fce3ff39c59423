package io.spate.executor.operators.userfunction;

import io.spate.api.MapFunction;
import io.spate.executor.operators.OneInputOperator;
import io.spate.executor.operators.OperatorMetrics;
import io.spate.executor.operators.Output;
import io.spate.record.Row;

/** A {@link MapFunction} as an operator: one row out per row in. Task thread only. */
final class MapOperator implements OneInputOperator {

    private final FunctionRuntime runtime;
    private final MapFunction function;
    private final Output out;

    MapOperator(FunctionRuntime runtime, MapFunction function, Output out) {
        this.runtime = runtime;
        this.function = function;
        this.out = out;
    }

    @Override
    public void open() throws Exception {
        function.open(runtime);
    }

    @Override
    public void processRecord(Row row) throws Exception {
        out.emit(runtime.checkOutput(function.map(row)));
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
