package io.spate.coordinator.jobmaster;

import io.spate.coordinator.checkpoint.CheckpointCleanup;
import io.spate.coordinator.checkpoint.CheckpointPolicy;
import io.spate.jobgraph.JobGraph;
import java.time.Duration;

/**
 * A job master's timing and paths.
 *
 * @param slotTimeout how long a job waits for enough free slots before it fails (or, when
 *     restarting, counts another failure) (spate.scheduler.slot-timeout)
 * @param cancelTimeout how long a cancelled or failing job waits for its tasks to confirm before it
 *     counts them as gone (spate.scheduler.cancel-timeout)
 * @param rpcTimeout the deadline of each call to an executor
 * @param checkpointsDir sent to every task (spate.checkpoints.dir)
 * @param checkpointTimeout a checkpoint not complete after this fails (spate.checkpoints.timeout)
 * @param retainedCheckpoints completed checkpoints kept (spate.checkpoints.retained)
 * @param checkpointMaxBackoff the longest wait before the next attempt after failed checkpoints
 *     (spate.checkpoints.max-backoff)
 * @param checkpointCleanup what happens to an ended job's checkpoints (spate.checkpoints.cleanup)
 */
public record JobMasterSettings(
        Duration slotTimeout,
        Duration cancelTimeout,
        Duration rpcTimeout,
        String checkpointsDir,
        Duration checkpointTimeout,
        int retainedCheckpoints,
        Duration checkpointMaxBackoff,
        CheckpointCleanup checkpointCleanup) {

    public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CHECKPOINT_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_RETAINED_CHECKPOINTS = 3;
    public static final Duration DEFAULT_CHECKPOINT_MAX_BACKOFF = Duration.ofMinutes(1);

    /** With the checkpoint defaults. */
    public JobMasterSettings(
            Duration slotTimeout,
            Duration cancelTimeout,
            Duration rpcTimeout,
            String checkpointsDir) {
        this(
                slotTimeout,
                cancelTimeout,
                rpcTimeout,
                checkpointsDir,
                DEFAULT_CHECKPOINT_TIMEOUT,
                DEFAULT_RETAINED_CHECKPOINTS,
                DEFAULT_CHECKPOINT_MAX_BACKOFF,
                CheckpointCleanup.UNLESS_FAILED);
    }

    /** The checkpoint policy of a job: these settings plus the job's own interval and tolerance. */
    public CheckpointPolicy checkpointPolicy(JobGraph job) {
        return new CheckpointPolicy(
                job.checkpointInterval(),
                checkpointTimeout,
                retainedCheckpoints,
                job.tolerableFailedCheckpoints(),
                checkpointMaxBackoff,
                checkpointCleanup);
    }
}
