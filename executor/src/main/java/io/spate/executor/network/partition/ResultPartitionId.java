package io.spate.executor.network.partition;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Names one result partition: the output of one producer subtask attempt, e.g. {@code
 * <job>/<vertex>/<subtask>/<attempt>}. Chosen by the caller; at most {@link #MAX_UTF8_LENGTH} bytes
 * of UTF-8 so it fits a PartitionRequest frame.
 */
public record ResultPartitionId(String value) {
    public static final int MAX_UTF8_LENGTH = 1024;

    public ResultPartitionId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("result partition id is empty");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_UTF8_LENGTH) {
            throw new IllegalArgumentException(
                    "result partition id is longer than " + MAX_UTF8_LENGTH + " bytes");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
