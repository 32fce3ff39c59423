package io.spate.expression;

/**
 * An expression failed on one record (a division by zero, an overflow, a string that is no number);
 * the transform's {@code onError} policy decides what becomes of the record.
 */
public final class ExpressionEvaluationException extends Exception {

    public ExpressionEvaluationException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
