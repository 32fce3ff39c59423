package io.spate.coordinator.jobmaster;

import io.spate.coordinator.executiongraph.ExecutionVertex;
import io.spate.coordinator.resourcemanager.AllocatedSlot;
import io.spate.coordinator.resourcemanager.SlotId;
import io.spate.coordinator.rpc.gateway.TestingExecutorGateway;
import io.spate.rpc.HostAndPort;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.CoordinatorFencing;
import io.spate.rpc.proto.ExecutorFencing;
import io.spate.rpc.proto.TaskState;
import io.spate.rpc.proto.TaskStateUpdate;
import java.util.concurrent.CompletableFuture;

/** What job master tests build again and again: slots, acks, task updates. */
final class JobMasterFixtures {

    private JobMasterFixtures() {}

    static CompletableFuture<Ack> accepted() {
        return CompletableFuture.completedFuture(Ack.newBuilder().setAccepted(true).build());
    }

    /** Slot {@code index} of {@code executor}, reached through {@code gateway}. */
    static AllocatedSlot slot(String executor, int index, TestingExecutorGateway gateway) {
        return new AllocatedSlot(
                new SlotId(executor, index),
                new HostAndPort(executor + ".host", 8082),
                new HostAndPort(executor + ".host", 7000),
                gateway,
                CoordinatorFencing.newBuilder()
                        .setCoordinatorSessionId("session")
                        .setRegistrationId("reg-" + executor)
                        .build());
    }

    /** The fencing of the executor registration {@code task}'s current attempt was deployed to. */
    static ExecutorFencing fencing(ExecutionVertex task) {
        if (task.slot() == null) {
            return ExecutorFencing.getDefaultInstance(); // not deployed: no registration has it
        }
        return ExecutorFencing.newBuilder()
                .setExecutorId(task.slot().executorId())
                .setRegistrationId(task.slot().fencing().getRegistrationId())
                .build();
    }

    /** What the executor of {@code task} would report for its current attempt. */
    static TaskStateUpdate update(String jobId, ExecutionVertex task, TaskState state) {
        return TaskStateUpdate.newBuilder()
                .setFencing(fencing(task))
                .setJobId(jobId)
                .setExecutionAttemptId(task.attemptId())
                .setVertexId(task.jobVertex().id())
                .setSubtaskIndex(task.subtaskIndex())
                .setState(state)
                .build();
    }
}
