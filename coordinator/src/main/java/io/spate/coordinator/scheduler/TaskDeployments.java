package io.spate.coordinator.scheduler;

import com.google.protobuf.ByteString;
import io.spate.coordinator.checkpoint.CompletedCheckpoint;
import io.spate.coordinator.checkpoint.TaskStateHandle;
import io.spate.coordinator.executiongraph.ExecutionGraph;
import io.spate.coordinator.executiongraph.ExecutionVertex;
import io.spate.coordinator.resourcemanager.AllocatedSlot;
import io.spate.jobgraph.JobEdge;
import io.spate.jobgraph.Partitioning;
import io.spate.rpc.proto.InputGateDescriptor;
import io.spate.rpc.proto.InputLocation;
import io.spate.rpc.proto.TaskDeploymentDescriptor;
import java.util.List;
import java.util.Locale;

/**
 * Builds the {@link TaskDeploymentDescriptor} of each subtask once every subtask has its slot.
 * Follows the data-plane layout defined on {@code InputLocation} (executor_gateway.proto): a
 * producer's result partition for an edge is {@code "<producer attempt id>/<consumer vertex id>"};
 * consumer subtask j reads producer j only over a FORWARD edge, else every producer subtask.
 */
public final class TaskDeployments {

    private final String jobId;
    private final ExecutionGraph graph;
    private final ByteString jobGraphJson;
    private final String checkpointsDir;

    public TaskDeployments(String jobId, ExecutionGraph graph, String checkpointsDir) {
        this.jobId = jobId;
        this.graph = graph;
        this.jobGraphJson = ByteString.copyFrom(graph.jobGraph().toJson());
        this.checkpointsDir = checkpointsDir;
    }

    /** The partition a producer attempt writes for the consumers of one vertex. */
    public static String partitionId(String producerAttemptId, String consumerVertexId) {
        return producerAttemptId + "/" + consumerVertexId;
    }

    /**
     * The descriptor of {@code task}, fresh; every subtask of the job must have its slot assigned.
     */
    public TaskDeploymentDescriptor descriptor(ExecutionVertex task) {
        return descriptor(task, null);
    }

    /**
     * The descriptor of {@code task}, restoring its state from {@code restore} (null: fresh start);
     * every subtask of the job must have its slot assigned.
     */
    public TaskDeploymentDescriptor descriptor(ExecutionVertex task, CompletedCheckpoint restore) {
        AllocatedSlot slot = requireSlot(task);
        TaskDeploymentDescriptor.Builder tdd =
                TaskDeploymentDescriptor.newBuilder()
                        .setJobId(jobId)
                        .setJobName(graph.jobGraph().name())
                        .setExecutionAttemptId(task.attemptId())
                        .setAttemptNumber(task.attemptNumber())
                        .setVertexId(task.jobVertex().id())
                        .setSubtaskIndex(task.subtaskIndex())
                        .setParallelism(task.jobVertex().parallelism())
                        .setSlotIndex(slot.slotId().index())
                        .setJobGraph(jobGraphJson)
                        .setCheckpointsDir(checkpointsDir);
        for (JobEdge edge : task.jobVertex().inputs()) {
            tdd.addInputs(inputGate(task, edge));
        }
        if (restore != null) {
            TaskStateHandle state = restore.stateOf(task.jobVertex().id(), task.subtaskIndex());
            if (state == null) {
                throw new IllegalStateException(
                        "checkpoint " + restore.id() + " has no state for " + task);
            }
            tdd.setRestoreCheckpointId(restore.id()).setRestoreStateHandle(state.handle());
        }
        return tdd.build();
    }

    private InputGateDescriptor inputGate(ExecutionVertex consumer, JobEdge edge) {
        List<ExecutionVertex> producers = graph.subtasks(edge.sourceVertexId());
        InputGateDescriptor.Builder gate =
                InputGateDescriptor.newBuilder()
                        .setProducerVertexId(edge.sourceVertexId())
                        .setPartitioning(edge.partitioning().name().toLowerCase(Locale.ROOT));
        if (edge.partitioning() == Partitioning.FORWARD) {
            gate.addProducers(location(producers.get(consumer.subtaskIndex()), consumer));
        } else {
            for (ExecutionVertex producer : producers) {
                gate.addProducers(location(producer, consumer));
            }
        }
        return gate.build();
    }

    private static InputLocation location(ExecutionVertex producer, ExecutionVertex consumer) {
        AllocatedSlot slot = requireSlot(producer);
        return InputLocation.newBuilder()
                .setPartitionId(partitionId(producer.attemptId(), consumer.jobVertex().id()))
                .setDataHost(slot.dataAddress().host())
                .setDataPort(slot.dataAddress().port())
                .setExecutorId(slot.executorId())
                .setProducerSubtask(producer.subtaskIndex())
                .build();
    }

    private static AllocatedSlot requireSlot(ExecutionVertex task) {
        if (task.slot() == null) {
            throw new IllegalStateException(task + " has no slot yet");
        }
        return task.slot();
    }
}
