package io.spate.executor.network.gate;

import io.spate.executor.network.buffer.Buffer;

/** A buffer taken from a channel and whether the channel has more right now. */
record BufferAndAvailability(Buffer buffer, boolean moreAvailable) {}
