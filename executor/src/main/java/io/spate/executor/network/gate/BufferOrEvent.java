package io.spate.executor.network.gate;

import io.spate.executor.network.buffer.Buffer;

/** A buffer (records or one event) taken from channel {@code channelIndex} of a gate. */
public record BufferOrEvent(Buffer buffer, int channelIndex) {}
