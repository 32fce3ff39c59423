package com.example;

import io.spate.api.MapFunction;
import io.spate.api.Metrics;
import io.spate.api.RuntimeContext;
import io.spate.record.Row;

/**
 * A map: {@code {value: long}} to {@code {value: long, bucket: string, square: long}}, with {@code
 * bucket = "b" + value % 10}. One output row is made in {@code open} and refilled for every record.
 */
public class Enrich implements MapFunction {

    private Row out;
    private int value;
    private int outValue;
    private int bucket;
    private int square;
    private Metrics.Counter seen;

    @Override
    public void open(RuntimeContext context) {
        out = new Row(context.outputSchema());
        value = context.inputSchema().indexOf("value");
        outValue = context.outputSchema().indexOf("value");
        bucket = context.outputSchema().indexOf("bucket");
        square = context.outputSchema().indexOf("square");
        seen = context.metrics().counter("enriched");
    }

    @Override
    public Row map(Row in) {
        long v = in.getLong(value);
        seen.inc();
        return out.setLong(outValue, v).setString(bucket, "b" + v % 10).setLong(square, v * v);
    }
}
