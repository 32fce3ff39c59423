package io.spate.executor.task;

import io.spate.executor.network.InputChannelDescriptor;
import io.spate.executor.network.NetworkEnvironment;
import io.spate.executor.network.event.RuntimeEvent;
import io.spate.executor.network.gate.InputGate;
import io.spate.executor.network.gate.RecordReader;
import io.spate.executor.network.partition.ResultPartition;
import io.spate.executor.network.partition.ResultPartitionId;
import io.spate.executor.network.writer.Partitioner;
import io.spate.executor.network.writer.RecordWriter;
import io.spate.jobgraph.JobEdge;
import io.spate.jobgraph.JobGraph;
import io.spate.jobgraph.JobVertex;
import io.spate.record.RowSerializer;
import io.spate.rpc.HostAndPort;
import io.spate.rpc.proto.InputGateDescriptor;
import io.spate.rpc.proto.InputLocation;
import java.util.ArrayList;
import java.util.List;

/**
 * A task's data-plane resources, laid out as executor_gateway.proto's InputLocation comment says:
 * one input gate per incoming edge (one channel per producer listed, reading subpartition = this
 * subtask's index; local when the producer runs in this executor), and one result partition per
 * outgoing edge with id {@code <attempt id>/<consumer vertex id>} and one subpartition per consumer
 * subtask, written through a {@link RecordWriter}. {@link #close} returns everything, whatever
 * state setup or the task reached. Task thread only.
 */
final class TaskNetwork implements AutoCloseable {

    private final List<InputGate> gates = new ArrayList<>();
    private final List<RecordReader> readers = new ArrayList<>();
    private final List<RowSerializer> inputSerializers = new ArrayList<>();
    private final List<ResultPartition> partitions = new ArrayList<>();
    private final List<RecordWriter> writers = new ArrayList<>();
    private final List<String> writerSideOutputs = new ArrayList<>();

    /** Per partition: the only subpartition written (FORWARD), or -1 for all. */
    private final List<Integer> writtenSubpartition = new ArrayList<>();

    /**
     * Creates gates (requesting their partitions) and partitions; on failure closes what it made.
     */
    static TaskNetwork create(
            NetworkEnvironment network, String executorId, TaskDeployment deployment)
            throws Exception {
        TaskNetwork io = new TaskNetwork();
        try {
            io.createGates(network, executorId, deployment);
            io.createPartitions(network, deployment);
            return io;
        } catch (Exception | Error e) {
            io.close();
            throw e;
        }
    }

    private void createGates(NetworkEnvironment network, String executorId, TaskDeployment d)
            throws Exception {
        JobVertex vertex = d.vertex();
        int subtask = d.subtaskIndex();
        for (int i = 0; i < vertex.inputs().size(); i++) {
            JobEdge edge = vertex.inputs().get(i);
            InputGateDescriptor gate = d.gates().get(i);
            List<InputChannelDescriptor> channels = new ArrayList<>();
            for (InputLocation location : gate.getProducersList()) {
                ResultPartitionId id = new ResultPartitionId(location.getPartitionId());
                channels.add(
                        location.getExecutorId().equals(executorId)
                                ? InputChannelDescriptor.local(id, subtask)
                                : InputChannelDescriptor.remote(
                                        id,
                                        subtask,
                                        new HostAndPort(
                                                location.getDataHost(), location.getDataPort())));
            }
            InputGate created =
                    network.createInputGate(vertex.name() + "-" + subtask + "-in" + i, channels);
            gates.add(created);
            readers.add(network.createRecordReader(created, edge.schema()));
            inputSerializers.add(new RowSerializer(edge.schema()));
        }
    }

    private void createPartitions(NetworkEnvironment network, TaskDeployment d) throws Exception {
        JobGraph graph = d.graph();
        int subtask = d.subtaskIndex();
        for (JobGraph.Output output : graph.outputs(d.vertex().id())) {
            JobEdge edge = output.edge();
            JobVertex consumer = output.consumer();
            ResultPartition partition =
                    network.createResultPartition(
                            new ResultPartitionId(d.attemptId() + "/" + consumer.id()),
                            consumer.parallelism());
            partitions.add(partition);
            Partitioner partitioner =
                    switch (edge.partitioning()) {
                        case FORWARD -> new SubtaskPartitioner(subtask);
                        case HASH ->
                                Partitioner.hash(
                                        edge.schema().indexOf(edge.keyField().orElseThrow()),
                                        graph.maxParallelism());
                        case REBALANCE -> Partitioner.rebalance();
                        case BROADCAST -> Partitioner.broadcast();
                    };
            writtenSubpartition.add(
                    edge.partitioning() == io.spate.jobgraph.Partitioning.FORWARD ? subtask : -1);
            writers.add(
                    network.createRecordWriter(
                            partition, partitioner, edge.schema(), graph.bufferTimeout()));
            writerSideOutputs.add(edge.sideOutput().orElse(""));
        }
    }

    List<RecordReader> readers() {
        return readers;
    }

    List<RowSerializer> inputSerializers() {
        return inputSerializers;
    }

    List<RecordWriter> writers() {
        return writers;
    }

    /** The writers of side output {@code name} ("" = the main output), in edge order. */
    List<RecordWriter> writers(String sideOutput) {
        List<RecordWriter> chosen = new ArrayList<>();
        for (int i = 0; i < writers.size(); i++) {
            if (writerSideOutputs.get(i).equals(sideOutput)) {
                chosen.add(writers.get(i));
            }
        }
        return chosen;
    }

    /** Sends {@code event} (a checkpoint barrier) on every output after the records so far, now. */
    void broadcastEvent(RuntimeEvent event) throws InterruptedException {
        for (RecordWriter writer : writers) {
            writer.broadcastEvent(event);
            writer.flushAll();
        }
    }

    /** The input gates, in the vertex's input order (the order of {@link #readers()}). */
    List<InputGate> gates() {
        return gates;
    }

    /** Ends every output with EndOfPartition. */
    void finishOutputs() throws InterruptedException {
        for (RecordWriter writer : writers) {
            writer.finish();
        }
    }

    /**
     * Whether consumers have taken everything written, EndOfPartition included, from the
     * subpartitions this task writes. (A FORWARD partition's other subpartitions have no reader, so
     * the partition would never release itself: the task releases it in {@link #close}.)
     */
    boolean outputsConsumed() {
        for (int p = 0; p < partitions.size(); p++) {
            ResultPartition partition = partitions.get(p);
            if (partition.isReleased()) {
                continue;
            }
            int only = writtenSubpartition.get(p);
            for (int s = 0; s < partition.numberOfSubpartitions(); s++) {
                if ((only < 0 || only == s) && partition.backlog(s) > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Returns every buffer: readers, gates, writers, partitions. Idempotent. */
    @Override
    public void close() {
        for (RecordReader reader : readers) {
            reader.close();
        }
        for (InputGate gate : gates) {
            gate.close();
        }
        for (RecordWriter writer : writers) {
            writer.close();
        }
        for (ResultPartition partition : partitions) {
            partition.release();
        }
    }
}
