package io.spate.executor.operators;

import io.spate.record.Row;

/**
 * Where an operator sends what it emits: the next operator of its chain (a method call) or the
 * task's record writers. Called on the task thread; the row may be reused by the caller as soon as
 * {@code emit} returns.
 */
@FunctionalInterface
public interface Output {
    void emit(Row row) throws Exception;
}
