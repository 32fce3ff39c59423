package io.spate.e2e.functions;

import io.spate.api.MapFunction;
import io.spate.record.Row;

/** User code that fails: throws at value 100, so the task fails with this stack trace. */
public class ThrowingMap implements MapFunction {

    @Override
    public Row map(Row in) {
        if (in.getLong(0) == 100) {
            throw new IllegalStateException("boom from user code at value 100");
        }
        return in;
    }
}
