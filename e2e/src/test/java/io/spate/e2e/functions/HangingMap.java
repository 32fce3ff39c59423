package io.spate.e2e.functions;

import io.spate.api.MapFunction;
import io.spate.record.Row;

/** User code that never returns, and swallows every interrupt: only the watchdog ends it. */
public class HangingMap implements MapFunction {

    @Override
    public Row map(Row in) {
        while (true) {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException ignored) {
                // a badly written function: keeps going
            }
        }
    }
}
