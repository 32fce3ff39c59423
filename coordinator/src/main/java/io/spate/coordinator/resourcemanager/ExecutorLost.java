package io.spate.coordinator.resourcemanager;

import java.util.Set;

/**
 * An executor left the cluster (heartbeat timeout, unreachable, or it fenced us off). Published on
 * {@link ResourceManagerEvents#EXECUTOR_LOST} so JobMasters fail over the jobs that had slots
 * there.
 */
public record ExecutorLost(String executorId, String reason, Set<String> jobsWithSlots) {

    public ExecutorLost {
        jobsWithSlots = Set.copyOf(jobsWithSlots);
    }
}
