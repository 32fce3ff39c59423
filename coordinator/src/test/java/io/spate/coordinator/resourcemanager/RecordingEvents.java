package io.spate.coordinator.resourcemanager;

import java.util.ArrayList;
import java.util.List;

/** Keeps every event the resource manager sends, for assertions. */
final class RecordingEvents implements ResourceManagerEvents {

    final List<ExecutorLost> lost = new ArrayList<>();
    final List<ExecutorTaskStatuses> taskStatuses = new ArrayList<>();

    @Override
    public void executorLost(ExecutorLost event) {
        lost.add(event);
    }

    @Override
    public void taskStatusesReported(ExecutorTaskStatuses statuses) {
        taskStatuses.add(statuses);
    }
}
