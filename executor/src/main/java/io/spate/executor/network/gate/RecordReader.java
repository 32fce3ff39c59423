package io.spate.executor.network.gate;

import io.spate.executor.network.buffer.Buffer;
import io.spate.executor.network.event.EventSerializer;
import io.spate.executor.network.event.RuntimeEvent;
import io.spate.record.Row;
import io.spate.record.RowSerializer;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Turns an {@link InputGate}'s buffers back into rows and events, in order per channel. Used by one
 * task thread:
 *
 * <pre>{@code
 * Row row = new Row(schema);
 * while (true) {
 *   switch (reader.next(row)) {
 *     case RECORD -> process(row);                 // string fields valid until the next call
 *     case EVENT -> onEvent(reader.event(), reader.channelIndex());
 *     case NOTHING_AVAILABLE -> reader.availableFuture().join(); // or serve the mailbox
 *     case END_OF_INPUT -> { return; }
 *   }
 * }
 * }</pre>
 *
 * A buffer is released when the reader moves past its last record, so a returned row may keep views
 * into it until the next call.
 */
public final class RecordReader implements AutoCloseable {
    /** What {@link #next} produced. */
    public enum Result {
        RECORD,
        EVENT,
        NOTHING_AVAILABLE,
        END_OF_INPUT
    }

    private final InputGate gate;
    private final ChannelDeserializer[] deserializers;
    private ChannelDeserializer current;
    private int channelIndex = -1;
    private RuntimeEvent event;
    private long recordsIn;

    public RecordReader(InputGate gate, RowSerializer serializer) {
        this.gate = gate;
        this.deserializers = new ChannelDeserializer[gate.numberOfChannels()];
        for (int i = 0; i < deserializers.length; i++) {
            deserializers[i] = new ChannelDeserializer(serializer, i);
        }
    }

    public InputGate gate() {
        return gate;
    }

    /**
     * Reads the next record into {@code row}, or the next event.
     *
     * @throws IOException if a channel failed (message names the producer) or sent corrupt data
     */
    public Result next(Row row) throws IOException {
        while (true) {
            if (current != null) {
                if (current.next(row)) {
                    recordsIn++;
                    return Result.RECORD;
                }
                current.releaseBuffer();
                current = null;
            }
            BufferOrEvent next = gate.pollNext();
            if (next == null) {
                return gate.isFinished() ? Result.END_OF_INPUT : Result.NOTHING_AVAILABLE;
            }
            ChannelDeserializer d = deserializers[next.channelIndex()];
            Buffer buffer = next.buffer();
            channelIndex = next.channelIndex();
            if (buffer.isEvent()) {
                try {
                    if (d.hasPartialRecord()) {
                        throw new IOException(
                                "channel "
                                        + channelIndex
                                        + ": event arrived in the middle of a record");
                    }
                    event = EventSerializer.read(buffer.data());
                } finally {
                    buffer.release();
                }
                return Result.EVENT;
            }
            d.setBuffer(buffer);
            current = d;
        }
    }

    /** The event of the last {@link Result#EVENT}. */
    public RuntimeEvent event() {
        return event;
    }

    /** The channel of the last record or event. */
    public int channelIndex() {
        return channelIndex;
    }

    public long recordsIn() {
        return recordsIn;
    }

    public CompletableFuture<?> availableFuture() {
        return gate.getAvailableFuture();
    }

    /** Releases buffers held for partial records; the gate is closed by its owner. */
    @Override
    public void close() {
        current = null;
        for (ChannelDeserializer d : deserializers) {
            d.close();
        }
    }
}
