package io.spate.executor.network.event;

/** The producer subpartition is complete; nothing follows on this channel. */
public enum EndOfPartition implements RuntimeEvent {
    INSTANCE
}
