package io.spate.executor.network.gate;

import io.spate.executor.network.buffer.Buffer;
import io.spate.executor.network.writer.RecordWriter;
import io.spate.record.CorruptRecordException;
import io.spate.record.Row;
import io.spate.record.RowSerializer;
import java.nio.ByteBuffer;

/**
 * Cuts one channel's byte stream back into records (Flink: SpillingAdaptiveSpanningRecord-
 * Deserializer, without spilling). A record inside one buffer is read in place (string fields are
 * views of the buffer); a record spanning buffers is gathered in a reusable heap array first.
 */
final class ChannelDeserializer {
    private final RowSerializer serializer;
    private final int channelIndex;
    private Buffer buffer;
    private ByteBuffer bytes;
    private int position;
    private int limit;
    private ByteBuffer partial = ByteBuffer.allocate(256);
    private int expected = -1;
    private int gathered;

    ChannelDeserializer(RowSerializer serializer, int channelIndex) {
        this.serializer = serializer;
        this.channelIndex = channelIndex;
    }

    void setBuffer(Buffer next) {
        buffer = next;
        bytes = next.data().nioBuffer(); // one view object per buffer, not per record
        position = 0;
        limit = bytes.remaining();
    }

    boolean hasPartialRecord() {
        return expected >= 0;
    }

    /** Reads the next record of the current buffer into {@code row}; false when it is used up. */
    boolean next(Row row) {
        if (expected >= 0) {
            int n = Math.min(limit - position, expected - gathered);
            partial.put(gathered, bytes, position, n);
            gathered += n;
            position += n;
            if (gathered < expected) {
                return false;
            }
            int length = expected;
            expected = -1;
            serializer.read(partial, 0, length, row);
            return true;
        }
        int remaining = limit - position;
        if (remaining == 0) {
            return false;
        }
        if (remaining < 4) {
            throw new CorruptRecordException(
                    "channel "
                            + channelIndex
                            + ": "
                            + remaining
                            + " stray bytes at the end of a buffer");
        }
        int length = bytes.getInt(position);
        position += 4;
        if (length < 0 || length > RecordWriter.MAX_RECORD_SIZE) {
            throw new CorruptRecordException(
                    "channel " + channelIndex + ": record length " + length + " is out of range");
        }
        if (length <= limit - position) {
            serializer.read(bytes, position, length, row);
            position += length;
            return true;
        }
        if (partial.capacity() < length) {
            partial = ByteBuffer.allocate(Math.max(length, partial.capacity() * 2));
        }
        int n = limit - position;
        partial.put(0, bytes, position, n);
        position = limit;
        gathered = n;
        expected = length;
        return false;
    }

    /** Releases the current buffer (its records' views become invalid). */
    void releaseBuffer() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
            bytes = null;
        }
    }

    void close() {
        releaseBuffer();
        expected = -1;
    }
}
