package io.spate.executor.task;

import io.spate.executor.operators.SourceOperator;

/** A source vertex's default action: one source batch per turn, paced by the source itself. */
final class SourceInput implements InputProcessor {

    private final SourceOperator source;
    private final int batchSize;
    private long resumeAt = Long.MAX_VALUE;

    SourceInput(SourceOperator source, int batchSize) {
        this.source = source;
        this.batchSize = batchSize;
    }

    @Override
    public Status processBatch() throws Exception {
        return switch (source.emitBatch(batchSize)) {
            case MORE -> Status.MORE;
            case END -> Status.END;
            case WAIT -> {
                resumeAt = source.resumeAtNanos();
                yield Status.NOTHING_AVAILABLE;
            }
        };
    }

    @Override
    public long resumeAtNanos() {
        return resumeAt;
    }
}
