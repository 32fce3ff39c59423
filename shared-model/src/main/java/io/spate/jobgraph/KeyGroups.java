package io.spate.jobgraph;

/**
 * Which key group a key belongs to and which subtask owns a group (Flink's KeyGroupRangeAssignment,
 * the same formulas): {@code group = murmur(hash) mod maxParallelism}, {@code subtask = group *
 * parallelism / maxParallelism}, so subtask {@code i} owns the contiguous range {@link #rangeOf}.
 * The key's hash is {@code Row.hashField} (UTF-8 bytes of a string, the bits of a number),
 * identical whether the row was built or read from a buffer. These formulas are part of every
 * checkpoint's meaning: changing them would move keys away from their state.
 */
public final class KeyGroups {

    /** Flink's upper bound: 2^15 key groups. */
    public static final int MAX_MAX_PARALLELISM = 1 << 15;

    private KeyGroups() {}

    /** The key group of a key whose {@code Row.hashField} is {@code keyHash}. */
    public static int keyGroupOf(int keyHash, int maxParallelism) {
        return murmur(keyHash) % maxParallelism;
    }

    /** The subtask (of {@code parallelism}) that owns {@code keyGroup}. */
    public static int subtaskOf(int keyGroup, int maxParallelism, int parallelism) {
        return keyGroup * parallelism / maxParallelism;
    }

    /** The subtask that owns the key hashed to {@code keyHash}. */
    public static int subtaskOfKey(int keyHash, int maxParallelism, int parallelism) {
        return subtaskOf(keyGroupOf(keyHash, maxParallelism), maxParallelism, parallelism);
    }

    /** The first key group subtask {@code subtask} owns (inclusive). */
    public static int firstGroup(int subtask, int maxParallelism, int parallelism) {
        return (subtask * maxParallelism + parallelism - 1) / parallelism;
    }

    /** One past the last key group subtask {@code subtask} owns. */
    public static int endGroup(int subtask, int maxParallelism, int parallelism) {
        return ((subtask + 1) * maxParallelism - 1) / parallelism + 1;
    }

    /**
     * MurmurHash3 (x86, 32-bit) of one 4-byte block with seed 0, made non-negative as Flink does (a
     * negative result is negated; MIN_VALUE becomes 0).
     */
    public static int murmur(int code) {
        code *= 0xcc9e2d51;
        code = Integer.rotateLeft(code, 15);
        code *= 0x1b873593;
        code = Integer.rotateLeft(code, 13);
        code = code * 5 + 0xe6546b64;
        code ^= 4;
        code ^= code >>> 16;
        code *= 0x85ebca6b;
        code ^= code >>> 13;
        code *= 0xc2b2ae35;
        code ^= code >>> 16;
        if (code >= 0) {
            return code;
        }
        return code != Integer.MIN_VALUE ? -code : 0;
    }
}
