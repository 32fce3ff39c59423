package io.spate.executor.operators;

/**
 * An operator that produces records from a position it owns (Flink: a source reader with its
 * split). The task calls {@link #emitBatch} from its mailbox loop, so a batch must stay short.
 */
public interface SourceOperator extends Operator {

    /** What a batch achieved. */
    enum Progress {
        /** Emitted records; call again. */
        MORE,
        /** Nothing may be emitted before {@link #resumeAtNanos()} (rate limit). */
        WAIT,
        /** Exhausted: the source emits nothing more. */
        END
    }

    /** Emits at most {@code maxRecords} records. */
    Progress emitBatch(int maxRecords) throws Exception;

    /** After {@link Progress#WAIT}: the {@code Clock.nanoTime()} at which to call again. */
    default long resumeAtNanos() {
        return Long.MIN_VALUE;
    }
}
