package io.spate.coordinator.resourcemanager;

import io.spate.rpc.proto.TaskStatus;
import java.util.List;

/**
 * The task statuses (with live metrics) one executor reported in a heartbeat reply. Published on
 * {@link ResourceManagerEvents#TASK_METRICS}; the dispatcher routes each status to its job by the
 * execution attempt id.
 */
public record ExecutorTaskStatuses(String executorId, List<TaskStatus> tasks) {

    public ExecutorTaskStatuses {
        tasks = List.copyOf(tasks);
    }
}
