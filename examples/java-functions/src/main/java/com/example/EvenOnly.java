package com.example;

import io.spate.api.FilterFunction;
import io.spate.api.RuntimeContext;
import io.spate.record.Row;

/** A filter: keeps the rows whose {@code value} is even. */
public class EvenOnly implements FilterFunction {

    private int value;

    @Override
    public void open(RuntimeContext context) {
        value = context.inputSchema().indexOf("value");
    }

    @Override
    public boolean filter(Row in) {
        return in.getLong(value) % 2 == 0;
    }
}
