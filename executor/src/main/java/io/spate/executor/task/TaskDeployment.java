package io.spate.executor.task;

import io.spate.jobgraph.JobEdge;
import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.JobVertex;
import io.spate.rpc.proto.InputGateDescriptor;
import io.spate.rpc.proto.TaskDeploymentDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * A checked {@link TaskDeploymentDescriptor}: the job graph parsed, the vertex found, the subtask
 * and the input gates consistent with it. Built on the control thread before a task starts, so a
 * bad descriptor is refused with a message instead of failing a thread later.
 *
 * @param gates one descriptor per input edge of the vertex, in the vertex's input order
 */
public record TaskDeployment(
        TaskDeploymentDescriptor descriptor,
        JobGraph graph,
        JobVertex vertex,
        List<InputGateDescriptor> gates) {

    /**
     * @throws IllegalArgumentException naming what is wrong with the descriptor
     */
    public static TaskDeployment of(TaskDeploymentDescriptor tdd) {
        require(!tdd.getJobId().isEmpty(), "job_id is empty");
        require(!tdd.getExecutionAttemptId().isEmpty(), "execution_attempt_id is empty");
        JobGraph graph;
        try {
            graph = JobGraph.fromJson(tdd.getJobGraph().toByteArray());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("job_graph: " + e.getMessage(), e);
        }
        JobVertex vertex =
                graph.vertex(tdd.getVertexId())
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "vertex_id "
                                                        + tdd.getVertexId()
                                                        + " is not a vertex of job "
                                                        + graph.name()));
        require(
                tdd.getParallelism() == vertex.parallelism(),
                "parallelism "
                        + tdd.getParallelism()
                        + " differs from vertex "
                        + vertex.name()
                        + "'s "
                        + vertex.parallelism());
        require(
                tdd.getSubtaskIndex() >= 0 && tdd.getSubtaskIndex() < vertex.parallelism(),
                "subtask_index "
                        + tdd.getSubtaskIndex()
                        + " is not in 0.."
                        + (vertex.parallelism() - 1));
        List<InputGateDescriptor> gates = new ArrayList<>();
        List<InputGateDescriptor> offered = new ArrayList<>(tdd.getInputsList());
        for (JobEdge edge : vertex.inputs()) {
            InputGateDescriptor match = null;
            for (InputGateDescriptor gate : offered) {
                if (gate.getProducerVertexId().equals(edge.sourceVertexId())) {
                    match = gate;
                    break;
                }
            }
            require(
                    match != null,
                    "inputs: no input gate for the edge from vertex " + edge.sourceVertexId());
            offered.remove(match);
            require(
                    match.getProducersCount() > 0,
                    "inputs: gate from " + edge.sourceVertexId() + " lists no producers");
            match.getProducersList()
                    .forEach(
                            p -> {
                                require(
                                        !p.getPartitionId().isEmpty(),
                                        "inputs: a producer without partition_id");
                                require(
                                        !p.getExecutorId().isEmpty(),
                                        "inputs: producer "
                                                + p.getPartitionId()
                                                + " without executor_id");
                            });
            gates.add(match);
        }
        require(
                offered.isEmpty(),
                "inputs: gate(s) from "
                        + offered.stream().map(InputGateDescriptor::getProducerVertexId).toList()
                        + " match no input edge of vertex "
                        + vertex.name());
        return new TaskDeployment(tdd, graph, vertex, List.copyOf(gates));
    }

    public String attemptId() {
        return descriptor.getExecutionAttemptId();
    }

    public String jobId() {
        return descriptor.getJobId();
    }

    public int subtaskIndex() {
        return descriptor.getSubtaskIndex();
    }

    /** {@code task-<vertex name>-<subtask>}: the task thread's name. */
    public String threadName() {
        return "task-" + vertex.name() + "-" + subtaskIndex();
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException(problem);
        }
    }
}
