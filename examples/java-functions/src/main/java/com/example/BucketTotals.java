package com.example;

import io.spate.api.Collector;
import io.spate.api.KeyedProcessFunction;
import io.spate.api.KeyedState;
import io.spate.api.RuntimeContext;
import io.spate.record.Row;

/**
 * A KeyedProcessFunction after {@code KeyBy bucket}: per bucket, the count and sum of {@code value}
 * in keyed state, and an event-time timer at the end of time that emits {@code {bucket, count,
 * sum}} once the input is complete (the end of input moves the watermark to the end). State and
 * timer are checkpointed: kill an executor mid-job and the totals still count each record once.
 */
public class BucketTotals implements KeyedProcessFunction {

    /** The end of event time: fires when the input ends. */
    static final long END = Long.MAX_VALUE - 1;

    private KeyedState.ValueState<Long> count;
    private KeyedState.ValueState<Long> sum;
    private Row out;
    private int value;

    @Override
    public void open(RuntimeContext context) {
        count = context.state().value("count", Long.class);
        sum = context.state().value("sum", Long.class);
        out = new Row(context.outputSchema());
        value = context.inputSchema().indexOf("value");
    }

    @Override
    public void processElement(Row in, Context context, Collector collector) {
        Long c = count.value();
        count.update(c == null ? 1 : c + 1);
        Long s = sum.value();
        sum.update((s == null ? 0 : s) + in.getLong(value));
        context.timerService().registerEventTimeTimer(END);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector collector)
            throws Exception {
        out.setString(0, (String) context.currentKey());
        out.setLong(1, count.value());
        out.setLong(2, sum.value());
        collector.collect(out);
    }
}
