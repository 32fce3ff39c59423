package io.spate.executor.network.event;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes of an event buffer: a type byte, then the event's fields (big-endian).
 *
 * <pre>
 * END_OF_PARTITION   [0]
 * CHECKPOINT_BARRIER [1][id: long][timestamp: long]
 * WATERMARK          [2][timestamp: long]
 * WATERMARK_STATUS   [3][idle: 1 | active: 0]
 * </pre>
 */
public final class EventSerializer {
    static final byte END_OF_PARTITION = 0;
    static final byte CHECKPOINT_BARRIER = 1;
    static final byte WATERMARK = 2;
    static final byte WATERMARK_STATUS = 3;

    /** Enough for the largest event. */
    public static final int MAX_SIZE = 17;

    private EventSerializer() {}

    /**
     * Writes {@code event} at absolute {@code pos} of {@code dst}; returns the position after it.
     */
    public static int write(RuntimeEvent event, ByteBuffer dst, int pos) {
        switch (event) {
            case EndOfPartition e -> dst.put(pos++, END_OF_PARTITION);
            case CheckpointBarrier b -> {
                dst.put(pos++, CHECKPOINT_BARRIER);
                dst.putLong(pos, b.id());
                dst.putLong(pos + 8, b.timestamp());
                pos += 16;
            }
            case Watermark w -> {
                dst.put(pos++, WATERMARK);
                dst.putLong(pos, w.timestamp());
                pos += 8;
            }
            case WatermarkStatus s -> {
                dst.put(pos++, WATERMARK_STATUS);
                dst.put(pos++, (byte) (s == WatermarkStatus.IDLE ? 1 : 0));
            }
        }
        return pos;
    }

    public static boolean isEndOfPartition(ByteBuf data) {
        return data.readableBytes() == 1 && data.getByte(data.readerIndex()) == END_OF_PARTITION;
    }

    /** Reads the event in {@code data} (not consuming it). */
    public static RuntimeEvent read(ByteBuf data) throws IOException {
        int i = data.readerIndex();
        int size = data.readableBytes();
        if (size < 1) {
            throw new IOException("empty event buffer");
        }
        byte type = data.getByte(i);
        switch (type) {
            case END_OF_PARTITION -> {
                expect(size, 1, "EndOfPartition");
                return EndOfPartition.INSTANCE;
            }
            case CHECKPOINT_BARRIER -> {
                expect(size, 17, "CheckpointBarrier");
                return new CheckpointBarrier(data.getLong(i + 1), data.getLong(i + 9));
            }
            case WATERMARK -> {
                expect(size, 9, "Watermark");
                return new Watermark(data.getLong(i + 1));
            }
            case WATERMARK_STATUS -> {
                expect(size, 2, "WatermarkStatus");
                byte idle = data.getByte(i + 1);
                if (idle != 0 && idle != 1) {
                    throw new IOException("WatermarkStatus event with status " + idle);
                }
                return idle == 1 ? WatermarkStatus.IDLE : WatermarkStatus.ACTIVE;
            }
            default -> throw new IOException("unknown event type " + type);
        }
    }

    private static void expect(int size, int expected, String name) throws IOException {
        if (size != expected) {
            throw new IOException(name + " event of " + size + " bytes, expected " + expected);
        }
    }
}
