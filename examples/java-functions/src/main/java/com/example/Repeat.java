package com.example;

import io.spate.api.Collector;
import io.spate.api.FlatMapFunction;
import io.spate.api.RuntimeContext;
import io.spate.record.Row;

/**
 * A flatMap: each row twice, as {@code {value, bucket, copy}} with {@code copy} 0 and 1 (any number
 * of rows per input row, none at all too).
 */
public class Repeat implements FlatMapFunction {

    private Row out;
    private int value;
    private int bucket;

    @Override
    public void open(RuntimeContext context) {
        out = new Row(context.outputSchema());
        value = context.inputSchema().indexOf("value");
        bucket = context.inputSchema().indexOf("bucket");
    }

    @Override
    public void flatMap(Row in, Collector collector) throws Exception {
        out.setLong(0, in.getLong(value)).setString(1, in.getString(bucket));
        for (long copy = 0; copy < 2; copy++) {
            collector.collect(out.setLong(2, copy));
        }
    }
}
