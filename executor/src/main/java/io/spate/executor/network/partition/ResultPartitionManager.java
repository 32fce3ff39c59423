package io.spate.executor.network.partition;

import io.spate.executor.network.buffer.InsufficientBuffersException;
import io.spate.executor.network.buffer.LocalBufferPool;
import io.spate.executor.network.buffer.NetworkBufferPool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of an executor's live result partitions (Flink: ResultPartitionManager). Consumers
 * (local channels, the Netty server for remote ones) ask it for subpartition views; a request for a
 * partition whose producer has not started yet waits here and is bound on registration, so
 * consumers and producers may be deployed in any order. Thread-safe.
 */
public final class ResultPartitionManager {
    private final Map<ResultPartitionId, ResultPartition> partitions = new HashMap<>();
    private final Map<ResultPartitionId, List<ResultSubpartitionView>> pending = new HashMap<>();
    private boolean shutdown;

    /** Creates and registers a partition with its own pool of {@code buffers} segments. */
    public ResultPartition createPartition(
            ResultPartitionId id, int numberOfSubpartitions, NetworkBufferPool global, int buffers)
            throws InsufficientBuffersException {
        if (numberOfSubpartitions < 1) {
            throw new IllegalArgumentException(
                    "partition "
                            + id
                            + " needs at least one subpartition, got "
                            + numberOfSubpartitions);
        }
        LocalBufferPool pool = new LocalBufferPool(global, buffers, "result partition " + id);
        ResultPartition partition = new ResultPartition(id, numberOfSubpartitions, pool, this);
        List<ResultSubpartitionView> waiting;
        synchronized (this) {
            if (shutdown || partitions.containsKey(id)) {
                pool.destroy();
                throw new IllegalStateException(
                        shutdown
                                ? "network environment is closed"
                                : "partition " + id + " already exists");
            }
            partitions.put(id, partition);
            waiting = pending.remove(id);
        }
        if (waiting != null) {
            for (ResultSubpartitionView view : waiting) {
                view.bind(partition);
            }
        }
        return partition;
    }

    /** A view of one subpartition, bound now or when the partition is registered. */
    public ResultSubpartitionView createView(
            ResultPartitionId id, int subpartitionIndex, BufferAvailabilityListener listener) {
        ResultSubpartitionView view =
                new ResultSubpartitionView(id, subpartitionIndex, listener, this);
        ResultPartition partition;
        synchronized (this) {
            partition = partitions.get(id);
            if (partition == null) {
                pending.computeIfAbsent(id, k -> new ArrayList<>()).add(view);
                return view;
            }
        }
        view.bind(partition);
        return view;
    }

    synchronized void forgetPending(ResultSubpartitionView view) {
        List<ResultSubpartitionView> views = pending.get(view.partitionId());
        if (views != null) {
            views.remove(view);
            if (views.isEmpty()) {
                pending.remove(view.partitionId());
            }
        }
    }

    synchronized void unregister(ResultPartition partition) {
        partitions.remove(partition.id(), partition);
    }

    public synchronized int numberOfPartitions() {
        return partitions.size();
    }

    /** Releases every partition (executor shutdown). */
    public void shutdown() {
        List<ResultPartition> all;
        synchronized (this) {
            shutdown = true;
            all = new ArrayList<>(partitions.values());
            pending.clear();
        }
        for (ResultPartition p : all) {
            p.release();
        }
    }
}
