package com.example;

import io.spate.api.MapFunction;
import io.spate.api.RuntimeContext;
import io.spate.record.Row;

/**
 * A map of {@code {word}} to {@code {word}}, copying the field into its own output row: the
 * per-record cost of a user function and nothing else (bench/run-all.sh's W1j).
 */
public class CopyWord implements MapFunction {

    private Row out;

    @Override
    public void open(RuntimeContext context) {
        out = new Row(context.outputSchema());
    }

    @Override
    public Row map(Row in) {
        return out.setString(0, in.getString(0));
    }
}
