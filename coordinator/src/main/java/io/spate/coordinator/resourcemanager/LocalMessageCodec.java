package io.spate.coordinator.resourcemanager;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes immutable messages (records, protobuf messages) by reference on the local event bus.
 * Spate's event bus never leaves the process, so there is no wire form (and no Java serialization
 * as a fallback).
 */
final class LocalMessageCodec<T> implements MessageCodec<T, T> {

    private final Class<T> type;

    LocalMessageCodec(Class<T> type) {
        this.type = type;
    }

    @Override
    public void encodeToWire(Buffer buffer, T message) {
        throw new UnsupportedOperationException(
                type.getName() + " is sent on the local event bus only");
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        throw new UnsupportedOperationException(
                type.getName() + " is sent on the local event bus only");
    }

    @Override
    public T transform(T message) {
        return message;
    }

    @Override
    public String name() {
        return "local-" + type.getName();
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
