package io.spate.api;

/**
 * What every user function shares: {@link #open} before the first record, {@link #close} after the
 * last one (also after a failure or a cancel). Every method of a function runs on its task's own
 * thread, one call at a time: a function needs no locks. One instance per subtask; a function class
 * needs a public no-argument constructor.
 */
public interface Function {

    /**
     * Called once before the first record, with where the function runs: allocate output rows,
     * register state and metrics here. An exception fails the task.
     */
    default void open(RuntimeContext context) throws Exception {}

    /** Called once at the end; free what {@link #open} took. */
    default void close() throws Exception {}
}
