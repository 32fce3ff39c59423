package io.spate.coordinator.jobmaster;

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
 */
public record JobMasterSettings(
        Duration slotTimeout,
        Duration cancelTimeout,
        Duration rpcTimeout,
        String checkpointsDir,
        Duration checkpointTimeout,
        int retainedCheckpoints) {

    public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CHECKPOINT_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_RETAINED_CHECKPOINTS = 3;

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
                DEFAULT_RETAINED_CHECKPOINTS);
    }
}
