package io.spate.coordinator.resourcemanager;

/**
 * What the resource manager tells the rest of the coordinator (the JobMasters). The verticle
 * publishes each on the event bus address named here; tests record them.
 */
public interface ResourceManagerEvents {

    String EXECUTOR_LOST = "spate.executor-lost";
    String TASK_METRICS = "spate.task-metrics";

    void executorLost(ExecutorLost lost);

    /** A heartbeat reply listed tasks: their live state and metrics, for the job masters. */
    void taskStatusesReported(ExecutorTaskStatuses statuses);
}
