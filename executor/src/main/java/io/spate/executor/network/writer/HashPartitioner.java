package io.spate.executor.network.writer;

import io.spate.record.Row;

/** {@code floorMod(hash(key), n)}; the hash is computed from the key's bytes for string views. */
final class HashPartitioner implements Partitioner {
    private final int keyField;

    HashPartitioner(int keyField) {
        if (keyField < 0) {
            throw new IllegalArgumentException("key field index " + keyField + " is negative");
        }
        this.keyField = keyField;
    }

    @Override
    public int selectChannel(Row row, int numberOfChannels) {
        return Math.floorMod(row.hashField(keyField), numberOfChannels);
    }

    @Override
    public String toString() {
        return "hash(" + keyField + ")";
    }
}
