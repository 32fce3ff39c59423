package io.spate.coordinator.jobmaster;

import java.time.Duration;

/**
 * A job master's timing and paths.
 *
 * @param slotTimeout how long a job waits for enough free slots before it fails
 *     (spate.scheduler.slot-timeout)
 * @param cancelTimeout how long a cancelled or failing job waits for its tasks to confirm before
 *     it counts them as gone (spate.scheduler.cancel-timeout)
 * @param rpcTimeout the deadline of each SubmitTask / CancelTask call
 * @param checkpointsDir sent to every task (spate.checkpoints.dir)
 */
public record JobMasterSettings(
    Duration slotTimeout, Duration cancelTimeout, Duration rpcTimeout, String checkpointsDir) {

  public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(10);
}
