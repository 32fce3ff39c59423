package io.spate.coordinator.resourcemanager;

import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import io.spate.rpc.proto.TaskStateUpdate;

/**
 * What the resource manager tells the rest of the coordinator (the JobMasters). The verticle
 * publishes each on the event bus address named here; tests record them.
 */
public interface ResourceManagerEvents {

    String EXECUTOR_LOST = "spate.executor-lost";
    String TASK_STATE = "spate.task-state";
    String CHECKPOINT_ACK = "spate.checkpoint-ack";
    String CHECKPOINT_DECLINE = "spate.checkpoint-decline";
    String TASK_METRICS = "spate.task-metrics";

    void executorLost(ExecutorLost lost);

    /** A fenced-in task state update, to be routed to its job's JobMaster. */
    void taskStateUpdated(TaskStateUpdate update);

    void checkpointAcknowledged(AcknowledgeCheckpointRequest ack);

    void checkpointDeclined(DeclineCheckpointRequest decline);

    /** A heartbeat reply listed tasks: their live state and metrics, for the job masters. */
    void taskStatusesReported(ExecutorTaskStatuses statuses);
}
