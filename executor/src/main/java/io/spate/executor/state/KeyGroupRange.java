package io.spate.executor.state;

import io.spate.jobgraph.KeyGroups;

/**
 * The key groups {@code [first, end)} one subtask owns (Flink: KeyGroupRange), by {@link
 * KeyGroups}' formula.
 */
public record KeyGroupRange(int first, int end, int maxParallelism) {

    public KeyGroupRange {
        if (first < 0 || end < first || end > maxParallelism) {
            throw new IllegalArgumentException(
                    "key groups [" + first + ", " + end + ") of " + maxParallelism);
        }
    }

    /** The range of subtask {@code subtask} of {@code parallelism}. */
    public static KeyGroupRange of(int subtask, int parallelism, int maxParallelism) {
        if (parallelism < 1
                || parallelism > maxParallelism
                || subtask < 0
                || subtask >= parallelism) {
            throw new IllegalArgumentException(
                    "subtask "
                            + subtask
                            + " of "
                            + parallelism
                            + ", max parallelism "
                            + maxParallelism);
        }
        return new KeyGroupRange(
                KeyGroups.firstGroup(subtask, maxParallelism, parallelism),
                KeyGroups.endGroup(subtask, maxParallelism, parallelism),
                maxParallelism);
    }

    public boolean contains(int keyGroup) {
        return keyGroup >= first && keyGroup < end;
    }

    public int size() {
        return end - first;
    }
}
