package io.spate.executor.operators;

/**
 * Where an operator reports its own metrics (Jet: {@code MetricTagger}): named gauges and a latency
 * histogram. The task turns them into its metrics message; operators never see the wire format.
 */
public interface OperatorMetrics {

    /** Sets the gauge {@code name} (e.g. {@code latency-p99-us}) to {@code value}. */
    void gauge(String name, double value);

    /**
     * The operator's latency histogram in HdrHistogram's compressed encoding, which the coordinator
     * merges over subtasks. At most one operator of a task reports one. The array stays the
     * operator's: the receiver copies what it keeps.
     */
    void latencyHistogram(byte[] compressedEncoding);
}
