package io.spate.record;

/** Serialized bytes that do not match the schema they are read with. */
public final class CorruptRecordException extends RuntimeException {
    public CorruptRecordException(String message) {
        super(message);
    }
}
