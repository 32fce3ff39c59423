package io.spate.api;

import java.util.function.DoubleSupplier;

/**
 * A function's metrics (Flink: MetricGroup), by name: shown among the vertex's {@code metrics} in
 * {@code GET /jobs/{id}} as {@code <transform>.<name>}, summed over subtasks. They are not part of
 * checkpoints: a restarted task counts from 0 again.
 */
public interface Metrics {

    /** The counter {@code name}, made on first use. */
    Counter counter(String name);

    /** Registers a gauge read about once a second, on the task thread. */
    void gauge(String name, DoubleSupplier value);

    /** A count that only grows. Task thread only. */
    interface Counter {
        void inc();

        void inc(long n);

        long count();
    }
}
