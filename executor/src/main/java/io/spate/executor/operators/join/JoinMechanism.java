package io.spate.executor.operators.join;

/**
 * How one kind of join keeps and matches rows (regular, interval, window, session), in the keyed
 * state backend the {@link JoinOperator} made; the operator sets the current key before each call
 * but {@link #advanceWatermark}. Task thread only.
 */
interface JoinMechanism {

    /** The side of the first (left) input. */
    int LEFT = 0;

    /** The side of the second (right) input. */
    int RIGHT = 1;

    /** Whether a row of {@code side} with event time {@code t} is late: dropped and counted. */
    boolean isLate(int side, long t);

    /**
     * A row of {@code side} (row 0 of {@code staged}, a buffer the caller reuses) that is not late,
     * with event time {@code t} (0 without event time), of the current key: join and keep it.
     */
    void add(int side, RowBuffer staged, long t) throws Exception;

    /** Event time of both inputs reached {@code watermark}. */
    default void advanceWatermark(long watermark) throws Exception {}

    /** The backend was restored: resume what runs on processing time. */
    default void restored() {}

    /** The rows kept. */
    long rows();
}
