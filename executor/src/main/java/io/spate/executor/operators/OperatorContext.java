package io.spate.executor.operators;

import io.spate.clock.Clock;
import io.spate.executor.state.KeyGroupRange;
import io.spate.executor.state.ProcessingTimers;
import io.spate.jobgraph.JobEdge;
import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.OperatorSpec;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * What an operator knows about where it runs.
 *
 * @param attemptNumber 0 for the first execution of this subtask, +1 per restart
 * @param clock the time source for pacing and processing time (a manual clock in tests)
 * @param maxParallelism the job's number of key groups
 * @param watermarkInterval how often a watermark generator emits
 * @param processingTimers callbacks on the task thread at a processing time
 * @param sideOutputs the output of a side output by name (Window: {@code late}); one that nothing
 *     reads discards
 * @param inputs the vertex's input edges, in input order, for the operator that heads the chain (a
 *     {@link TwoInputOperator} finds each side's schema, key and event-time field there); empty for
 *     the others
 */
public record OperatorContext(
        OperatorSpec spec,
        String jobId,
        String jobName,
        String vertexName,
        int subtaskIndex,
        int parallelism,
        int attemptNumber,
        Clock clock,
        int maxParallelism,
        Duration watermarkInterval,
        ProcessingTimers processingTimers,
        Function<String, Output> sideOutputs,
        List<JobEdge> inputs) {

    public OperatorContext {
        inputs = List.copyOf(inputs);
    }

    /** A context for an operator that reads no edge of its own (not a chain's head). */
    public OperatorContext(
            OperatorSpec spec,
            String jobId,
            String jobName,
            String vertexName,
            int subtaskIndex,
            int parallelism,
            int attemptNumber,
            Clock clock,
            int maxParallelism,
            Duration watermarkInterval,
            ProcessingTimers processingTimers,
            Function<String, Output> sideOutputs) {
        this(
                spec,
                jobId,
                jobName,
                vertexName,
                subtaskIndex,
                parallelism,
                attemptNumber,
                clock,
                maxParallelism,
                watermarkInterval,
                processingTimers,
                sideOutputs,
                List.of());
    }

    /** A context with the default key groups and watermark interval, no timers, no side outputs. */
    public OperatorContext(
            OperatorSpec spec,
            String jobId,
            String jobName,
            String vertexName,
            int subtaskIndex,
            int parallelism,
            int attemptNumber,
            Clock clock) {
        this(
                spec,
                jobId,
                jobName,
                vertexName,
                subtaskIndex,
                parallelism,
                attemptNumber,
                clock,
                JobGraph.DEFAULT_MAX_PARALLELISM,
                JobGraph.DEFAULT_WATERMARK_INTERVAL,
                new ProcessingTimers() {
                    @Override
                    public long currentTimeMillis() {
                        return clock.currentTimeMillis();
                    }

                    @Override
                    public void scheduleAt(long epochMillis, Runnable action) {
                        throw new UnsupportedOperationException(
                                "this context runs no processing-time timers");
                    }
                },
                name -> row -> {},
                List.of());
    }

    /** This context for an operator that reads {@code inputs} (tests). */
    public OperatorContext withInputs(List<JobEdge> inputs) {
        return new OperatorContext(
                spec,
                jobId,
                jobName,
                vertexName,
                subtaskIndex,
                parallelism,
                attemptNumber,
                clock,
                maxParallelism,
                watermarkInterval,
                processingTimers,
                sideOutputs,
                inputs);
    }

    /** The key groups this subtask owns. */
    public KeyGroupRange keyGroupRange() {
        return KeyGroupRange.of(subtaskIndex, parallelism, maxParallelism);
    }

    /** {@code job/vertex[subtask/parallelism]}: every log line of a task names these. */
    public String logName() {
        return jobName
                + " ("
                + jobId
                + ")/"
                + vertexName
                + "["
                + subtaskIndex
                + "/"
                + parallelism
                + "]";
    }
}
