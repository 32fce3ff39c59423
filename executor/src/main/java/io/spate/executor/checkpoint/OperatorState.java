package io.spate.executor.checkpoint;

/**
 * The snapshot of one operator of a task's chain: its position in the chain (head = 0), its name
 * (the transform's name, unique in the job) and the bytes it wrote. Immutable once built.
 */
public record OperatorState(int position, String name, byte[] state) {}
