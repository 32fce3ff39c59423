package io.spate.executor.network.partition;

import io.spate.executor.network.buffer.Buffer;

/**
 * One polled buffer plus what the sender needs to know: the number of complete buffers still queued
 * ({@code backlog}, sent to the consumer for floating-buffer assignment) and whether more can be
 * polled right now.
 */
public record BufferAndBacklog(Buffer buffer, int backlog, boolean moreAvailable) {}
