package io.spate.executor.operators.userfunction;

import io.spate.api.Collector;
import io.spate.api.FlatMapFunction;
import io.spate.executor.operators.OneInputOperator;
import io.spate.executor.operators.OperatorMetrics;
import io.spate.executor.operators.Output;
import io.spate.record.Row;

/**
 * A {@link FlatMapFunction} as an operator: any number of rows out per row in. Task thread only.
 */
final class FlatMapOperator implements OneInputOperator {

    private final FunctionRuntime runtime;
    private final FlatMapFunction function;
    private final Collector collector;

    FlatMapOperator(FunctionRuntime runtime, FlatMapFunction function, Output out) {
        this.runtime = runtime;
        this.function = function;
        this.collector = row -> out.emit(runtime.checkOutput(row));
    }

    @Override
    public void open() throws Exception {
        function.open(runtime);
    }

    @Override
    public void processRecord(Row row) throws Exception {
        function.flatMap(row, collector);
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
