package io.spate.executor.operators;

import io.spate.expression.ExpressionEvaluationException;
import io.spate.record.Row;
import io.spate.record.Schema;
import io.spate.transform.SideOutputs;

/**
 * A transform's {@code onError} policy for a record its expression failed on: {@code fail} fails
 * the task (the record's text in the job's exceptions), {@code drop} counts and skips it, {@code
 * deadLetter} emits it with an {@code error} field to the side output {@code <name>.deadLetter}.
 * Used on the task thread.
 */
final class RecordErrors {

    /** A record's text in a failure message is cut here: a record may be megabytes. */
    private static final int MAX_RECORD_TEXT = 1_000;

    private enum Policy {
        FAIL,
        DROP,
        DEAD_LETTER
    }

    private final String transform;
    private final Policy policy;
    private final Output deadLetters;
    private final Row deadLetter;
    private long dropped;
    private long deadLettered;

    RecordErrors(OperatorContext context) {
        this.transform = context.spec().type() + " \"" + context.spec().name() + "\"";
        String onError =
                context.spec().config().has(SideOutputs.ON_ERROR)
                        ? context.spec().config().getString(SideOutputs.ON_ERROR)
                        : "fail";
        this.policy =
                switch (onError) {
                    case "drop" -> Policy.DROP;
                    case SideOutputs.DEAD_LETTER -> Policy.DEAD_LETTER;
                    default -> Policy.FAIL;
                };
        if (policy == Policy.DEAD_LETTER) {
            Schema in = context.spec().inputSchema().orElseThrow();
            this.deadLetter = new Row(SideOutputs.deadLetterSchema(in));
            this.deadLetters = context.sideOutputs().apply(SideOutputs.DEAD_LETTER);
        } else {
            this.deadLetter = null;
            this.deadLetters = null;
        }
    }

    /**
     * Applies the policy to {@code record}, which {@code expression} failed on.
     *
     * @throws RecordFailedException under {@code fail}
     */
    void failed(Row record, String expression, ExpressionEvaluationException e) throws Exception {
        switch (policy) {
            case DROP -> dropped++;
            case DEAD_LETTER -> {
                int n = record.size();
                for (int i = 0; i < n; i++) {
                    switch (record.schema().field(i).type()) {
                        case LONG -> deadLetter.setLong(i, record.getLong(i));
                        case DOUBLE -> deadLetter.setDouble(i, record.getDouble(i));
                        case BOOLEAN -> deadLetter.setBoolean(i, record.getBoolean(i));
                        case STRING -> deadLetter.setString(i, record.getString(i));
                    }
                }
                deadLetter.setString(n, "\"" + expression + "\": " + e.getMessage());
                deadLettered++;
                deadLetters.emit(deadLetter);
            }
            case FAIL -> {
                String text = record.toString();
                if (text.length() > MAX_RECORD_TEXT) {
                    text = text.substring(0, MAX_RECORD_TEXT) + "... (" + text.length() + " chars)";
                }
                throw new RecordFailedException(
                        transform
                                + ": \""
                                + expression
                                + "\" failed on the record "
                                + text
                                + ": "
                                + e.getMessage()
                                + " (onError: fail; drop or deadLetter keep the job running)",
                        e);
            }
        }
    }

    void reportMetrics(OperatorMetrics metrics) {
        if (policy == Policy.DROP) {
            metrics.gauge("dropped-records", dropped);
        } else if (policy == Policy.DEAD_LETTER) {
            metrics.gauge("dead-letters", deadLettered);
        }
    }

    /** A record an expression failed on, under {@code onError: fail}: the task fails with it. */
    static final class RecordFailedException extends Exception {
        RecordFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
