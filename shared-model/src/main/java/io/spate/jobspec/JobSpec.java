package io.spate.jobspec;

import io.spate.jobgraph.JobGraph;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A job as its author wrote it (src-docs/contracts.md §4), defaults filled in. Immutable. Read one
 * with {@link JobSpecParser}; turn it into a plan with {@link JobGraphCompiler}.
 *
 * @param parallelism the default parallelism of every transform (Flink's parallelism.default: 1)
 * @param bufferTimeout the longest a record waits in a partly filled network buffer (default 100ms,
 *     Flink's execution.buffer-timeout); 0 = flush at the end of every task turn (lowest latency)
 * @param checkpointInterval empty = no checkpoints
 * @param tolerableFailedCheckpoints consecutive failed checkpoints a job survives; one more fails
 *     it over (Flink's execution.checkpointing.tolerable-failed-checkpoints)
 * @param maxParallelism the number of key groups (Flink's max parallelism, default 128): keyed
 *     state is checkpointed per group, so a checkpoint restores at any parallelism up to it
 * @param watermarkInterval how often watermarks are emitted (Flink's auto-watermark-interval)
 * @param transforms in the order written
 * @param jars the ids of uploaded jars ({@code POST /jars/upload}) its JavaFunctions load from
 */
public record JobSpec(
        String name,
        int parallelism,
        Duration bufferTimeout,
        Optional<Duration> checkpointInterval,
        int tolerableFailedCheckpoints,
        int maxParallelism,
        Duration watermarkInterval,
        RestartSpec restart,
        List<TransformSpec> transforms,
        List<String> jars) {

    /** A spec without user jars. */
    public JobSpec(
            String name,
            int parallelism,
            Duration bufferTimeout,
            Optional<Duration> checkpointInterval,
            int tolerableFailedCheckpoints,
            int maxParallelism,
            Duration watermarkInterval,
            RestartSpec restart,
            List<TransformSpec> transforms) {
        this(
                name,
                parallelism,
                bufferTimeout,
                checkpointInterval,
                tolerableFailedCheckpoints,
                maxParallelism,
                watermarkInterval,
                restart,
                transforms,
                List.of());
    }

    /** A spec with the default max parallelism and watermark interval. */
    public JobSpec(
            String name,
            int parallelism,
            Duration bufferTimeout,
            Optional<Duration> checkpointInterval,
            int tolerableFailedCheckpoints,
            RestartSpec restart,
            List<TransformSpec> transforms) {
        this(
                name,
                parallelism,
                bufferTimeout,
                checkpointInterval,
                tolerableFailedCheckpoints,
                DEFAULT_MAX_PARALLELISM,
                DEFAULT_WATERMARK_INTERVAL,
                restart,
                transforms);
    }

    public static final int DEFAULT_MAX_PARALLELISM = JobGraph.DEFAULT_MAX_PARALLELISM;

    public static final Duration DEFAULT_WATERMARK_INTERVAL = JobGraph.DEFAULT_WATERMARK_INTERVAL;

    public static final int DEFAULT_PARALLELISM = 1;

    /**
     * 5 ms, not Flink's 100 ms: under load buffers fill long before it (no throughput cost measured
     * in W1), and at moderate rates it bounds latency (W2 p99 71 ms at 100 ms; see performance.md).
     */
    public static final Duration DEFAULT_BUFFER_TIMEOUT = Duration.ofMillis(5);

    /**
     * 3, not Flink's 0: one disk hiccup or one slow task should not restart a job, yet a disk that
     * stays full fails the job over within a few (backed-off) intervals instead of never.
     */
    public static final int DEFAULT_TOLERABLE_FAILED_CHECKPOINTS =
            JobGraph.DEFAULT_TOLERABLE_FAILED_CHECKPOINTS;

    public JobSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bufferTimeout, "bufferTimeout");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(watermarkInterval, "watermarkInterval");
        if (tolerableFailedCheckpoints < 0) {
            throw new IllegalArgumentException("tolerableFailedCheckpoints must be >= 0");
        }
        transforms = List.copyOf(transforms);
        jars = List.copyOf(jars);
    }
}
