package io.spate.coordinator.resourcemanager;

import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import io.spate.rpc.proto.TaskStateUpdate;
import java.util.ArrayList;
import java.util.List;

/** Keeps every event the resource manager sends, for assertions. */
final class RecordingEvents implements ResourceManagerEvents {

    final List<ExecutorLost> lost = new ArrayList<>();
    final List<TaskStateUpdate> taskStates = new ArrayList<>();
    final List<AcknowledgeCheckpointRequest> acks = new ArrayList<>();
    final List<DeclineCheckpointRequest> declines = new ArrayList<>();
    final List<ExecutorTaskStatuses> taskStatuses = new ArrayList<>();

    @Override
    public void executorLost(ExecutorLost event) {
        lost.add(event);
    }

    @Override
    public void taskStateUpdated(TaskStateUpdate update) {
        taskStates.add(update);
    }

    @Override
    public void checkpointAcknowledged(AcknowledgeCheckpointRequest ack) {
        acks.add(ack);
    }

    @Override
    public void checkpointDeclined(DeclineCheckpointRequest decline) {
        declines.add(decline);
    }

    @Override
    public void taskStatusesReported(ExecutorTaskStatuses statuses) {
        taskStatuses.add(statuses);
    }
}
