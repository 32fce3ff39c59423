package io.spate.executor.registration;

/**
 * A coordinator call this executor does not obey: it carries another session or registration than
 * the one this executor registered with, or this executor is not registered at all (Flink: {@code
 * FencingTokenException}).
 */
public final class FencingTokenException extends RuntimeException {

    public FencingTokenException(String message) {
        super(message, null, false, false);
    }
}
