package io.spate.executor.network.writer;

import io.spate.jobgraph.KeyGroups;
import io.spate.record.Row;

/**
 * By key group: {@code subtask = keyGroup(hash(key)) * n / maxParallelism} ({@link KeyGroups}), so
 * every key reaches the subtask whose keyed state holds its group. The hash is computed from the
 * key's bytes for string views.
 */
final class HashPartitioner implements Partitioner {
    private final int keyField;
    private final int maxParallelism;

    HashPartitioner(int keyField, int maxParallelism) {
        if (keyField < 0) {
            throw new IllegalArgumentException("key field index " + keyField + " is negative");
        }
        if (maxParallelism < 1) {
            throw new IllegalArgumentException("max parallelism " + maxParallelism);
        }
        this.keyField = keyField;
        this.maxParallelism = maxParallelism;
    }

    @Override
    public int selectChannel(Row row, int numberOfChannels) {
        return KeyGroups.subtaskOfKey(row.hashField(keyField), maxParallelism, numberOfChannels);
    }

    @Override
    public String toString() {
        return "hash(" + keyField + ") over " + maxParallelism + " key groups";
    }
}
