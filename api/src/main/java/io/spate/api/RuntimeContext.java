package io.spate.api;

import io.spate.record.Schema;

/**
 * Where a function runs (Flink: RuntimeContext): its subtask, its schemas, its metrics and state.
 */
public interface RuntimeContext {

    /** The job's name, as the spec says. */
    String jobName();

    /** The transform's name in the spec. */
    String transformName();

    /** This subtask, 0 to {@code parallelism() - 1}. */
    int subtaskIndex();

    int parallelism();

    /** 0 for the first run of this subtask, one more per restart. */
    int attemptNumber();

    /** The rows the function reads. */
    Schema inputSchema();

    /** The rows the function emits (the spec's {@code output}; for a filter the input's). */
    Schema outputSchema();

    /** Counters and gauges, reported with the transform's vertex in the REST API. */
    Metrics metrics();

    /**
     * Keyed state, for a {@link KeyedProcessFunction}.
     *
     * @throws UnsupportedOperationException for the other functions, which are not keyed
     */
    KeyedState state();
}
