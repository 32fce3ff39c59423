package io.spate.executor.task;

import com.google.protobuf.ByteString;
import io.spate.executor.network.NetworkEnvironment;
import io.spate.jobgraph.JobEdge;
import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.JobVertex;
import io.spate.jobgraph.Partitioning;
import io.spate.jobspec.JobGraphCompiler;
import io.spate.jobspec.JobSpecFormat;
import io.spate.jobspec.JobSpecParser;
import io.spate.rpc.proto.InputGateDescriptor;
import io.spate.rpc.proto.InputLocation;
import io.spate.rpc.proto.TaskDeploymentDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the coordinator does for tests: places subtask s of every vertex on executor {@code s mod n}
 * and builds each task's descriptor with the data-plane layout of executor_gateway.proto.
 */
final class TestingScheduler {

    /** An executor as the scheduler knows it. */
    record Executor(String id, NetworkEnvironment network) {}

    /** One task to deploy, and where. */
    record Placement(TaskDeploymentDescriptor descriptor, Executor executor) {}

    private TestingScheduler() {}

    static JobGraph compile(String yaml) throws Exception {
        return JobGraphCompiler.compile(JobSpecParser.parse(yaml, JobSpecFormat.YAML));
    }

    static String attemptId(String jobId, JobVertex vertex, int subtask, int attempt) {
        return jobId + "-" + vertex.id().substring(0, 8) + "-" + subtask + "-a" + attempt;
    }

    static List<Placement> place(JobGraph graph, String jobId, List<Executor> executors) {
        return place(graph, jobId, executors, 0);
    }

    /** Every subtask's attempt {@code attempt} (a restart deploys the whole job again). */
    static List<Placement> place(
            JobGraph graph, String jobId, List<Executor> executors, int attempt) {
        List<Placement> placements = new ArrayList<>();
        ByteString json = ByteString.copyFrom(graph.toJson());
        for (JobVertex vertex : graph.vertices()) {
            for (int s = 0; s < vertex.parallelism(); s++) {
                TaskDeploymentDescriptor.Builder d =
                        TaskDeploymentDescriptor.newBuilder()
                                .setJobId(jobId)
                                .setJobName(graph.name())
                                .setExecutionAttemptId(attemptId(jobId, vertex, s, attempt))
                                .setAttemptNumber(attempt)
                                .setVertexId(vertex.id())
                                .setSubtaskIndex(s)
                                .setParallelism(vertex.parallelism())
                                .setSlotIndex(0)
                                .setJobGraph(json);
                for (JobEdge edge : vertex.inputs()) {
                    JobVertex producer = graph.vertex(edge.sourceVertexId()).orElseThrow();
                    InputGateDescriptor.Builder gate =
                            InputGateDescriptor.newBuilder()
                                    .setProducerVertexId(producer.id())
                                    .setPartitioning(
                                            edge.partitioning().name().toLowerCase(Locale.ROOT));
                    for (int p = 0; p < producer.parallelism(); p++) {
                        if (edge.partitioning() == Partitioning.FORWARD && p != s) {
                            continue;
                        }
                        Executor at = executors.get(p % executors.size());
                        gate.addProducers(
                                InputLocation.newBuilder()
                                        .setPartitionId(
                                                attemptId(jobId, producer, p, attempt)
                                                        + "/"
                                                        + vertex.id())
                                        .setDataHost("127.0.0.1")
                                        .setDataPort(at.network().port())
                                        .setExecutorId(at.id())
                                        .setProducerSubtask(p));
                    }
                    d.addInputs(gate);
                }
                placements.add(new Placement(d.build(), executors.get(s % executors.size())));
            }
        }
        return placements;
    }
}
