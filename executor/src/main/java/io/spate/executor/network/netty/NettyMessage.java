package io.spate.executor.network.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import io.spate.config.Durations;
import io.spate.executor.network.partition.ResultPartitionId;
import io.spate.logging.RateLimitedLog;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Every frame of the data plane, in one place (Flink: NettyMessage). No Java serialization.
 *
 * <pre>
 * frame:
 * +------------------+------------------+--------+------------------------------+
 * | FRAME LENGTH (4) | MAGIC NUMBER (4) | ID (1) | BODY (FRAME LENGTH - 9)      |
 * +------------------+------------------+--------+------------------------------+
 *   FRAME LENGTH counts the whole frame, itself included; all integers big-endian.
 *
 * bodies (client = consumer executor, server = producer executor):
 * ID 0 PartitionRequest        client -> server
 *   +-----------------+-----------------+-------------------+-------------+----------------------+
 *   | RECEIVER ID (8) | SUBPARTITION(4) | INITIAL CREDIT(4) | ID LEN (2)  | PARTITION ID (UTF-8) |
 *   +-----------------+-----------------+-------------------+-------------+----------------------+
 * ID 1 AddCredit               client -> server
 *   +-----------------+------------+
 *   | RECEIVER ID (8) | CREDIT (4) |
 *   +-----------------+------------+
 * ID 2 BufferResponse          server -> client, one network buffer against one credit
 *   +-----------------+--------------+-------------+----------+------------------+---------+
 *   | RECEIVER ID (8) | SEQUENCE (4) | BACKLOG (4) | TYPE (1) | PAYLOAD SIZE (4) | PAYLOAD |
 *   +-----------------+--------------+-------------+----------+------------------+---------+
 *   TYPE 0 = records, 1 = one event (see EventSerializer); SEQUENCE counts 0, 1, 2... per receiver
 * ID 3 CancelPartitionRequest  client -> server
 *   +-----------------+
 *   | RECEIVER ID (8) |
 *   +-----------------+
 * ID 4 CloseRequest            client -> server, empty body: close this connection
 * ID 5 ErrorResponse           server -> client
 *   +-----------------+--------------+-------------------+
 *   | RECEIVER ID (8) | MSG LEN (2)  | MESSAGE (UTF-8)   |
 *   +-----------------+--------------+-------------------+
 *   RECEIVER ID 0 = the whole connection (it is closed after this frame)
 *
 * handshake, only when spate.auth.token is set:
 * ID 6 AuthChallenge           server -> client, first frame on a new connection
 *   +------------------+
 *   | SERVER NONCE (32)|
 *   +------------------+
 * ID 7 AuthResponse            client -> server, the client's first frame
 *   +------------------------------------------------+------------------+
 *   | HMAC-SHA256(token, "spate-data-client" S C) (32)| CLIENT NONCE (32)|
 *   +------------------------------------------------+------------------+
 * ID 8 AuthConfirm             server -> client, after a valid AuthResponse
 *   +------------------------------------------------+
 *   | HMAC-SHA256(token, "spate-data-server" C S) (32)|
 *   +------------------------------------------------+
 *   S, C = the server's and the client's nonce. The token never crosses the wire; the labels bind
 *   each MAC to its direction, so one side's answer cannot be replayed as the other's. Until the
 *   handshake completes the server accepts AuthResponse only and the client nothing but
 *   AuthConfirm (or an ErrorResponse); a wrong MAC is answered with a connection-wide
 *   ErrorResponse and the connection is closed. Without a token there are no handshake frames: the
 *   client's first frame is a PartitionRequest.
 * </pre>
 *
 * A wrong magic, an unknown id, a frame longer than {@link #maxFrameLength}, or a body that does
 * not match its id makes {@link Decoder} throw; the handler then logs the error naming the peer and
 * closes that connection only.
 */
public final class NettyMessage {
    public static final int FRAME_HEADER_LENGTH = 4 + 4 + 1; // length, magic, id
    public static final int MAGIC_NUMBER = 0x5BA7E0D1;

    /** Receiver id meaning "the whole connection" in an ErrorResponse; real ids start at 1. */
    public static final long CONNECTION_WIDE = 0;

    static final int BUFFER_RESPONSE_HEADER_LENGTH = 8 + 4 + 4 + 1 + 4;
    private static final int MAX_MESSAGE_LENGTH = 1024;

    private NettyMessage() {}

    /**
     * The longest frame a consumer sends (a PartitionRequest with the longest partition id; every
     * other consumer frame is shorter): the data server's bound, whatever the buffer size.
     */
    public static final int MAX_CONSUMER_FRAME_LENGTH =
            FRAME_HEADER_LENGTH + 8 + 4 + 4 + 2 + ResultPartitionId.MAX_UTF8_LENGTH;

    /** The longest legal frame for a given network buffer size (what a consumer accepts). */
    public static int maxFrameLength(int bufferSize) {
        int buffer = FRAME_HEADER_LENGTH + BUFFER_RESPONSE_HEADER_LENGTH + bufferSize;
        return Math.max(buffer, MAX_CONSUMER_FRAME_LENGTH);
    }

    /** One decoded frame. */
    public sealed interface Message
            permits PartitionRequest,
                    AddCredit,
                    BufferResponse,
                    CancelPartitionRequest,
                    CloseRequest,
                    ErrorResponse,
                    AuthChallenge,
                    AuthResponse,
                    AuthConfirm {
        /**
         * The whole frame (BufferResponse: the frame header only; its payload is written apart).
         */
        ByteBuf encode(ByteBufAllocator alloc);
    }

    public record PartitionRequest(
            ResultPartitionId partitionId,
            int subpartitionIndex,
            long receiverId,
            int initialCredit)
            implements Message {
        public static final byte ID = 0;

        @Override
        public ByteBuf encode(ByteBufAllocator alloc) {
            byte[] id = partitionId.value().getBytes(StandardCharsets.UTF_8);
            int length = FRAME_HEADER_LENGTH + 8 + 4 + 4 + 2 + id.length;
            ByteBuf out = header(alloc, length, ID);
            out.writeLong(receiverId).writeInt(subpartitionIndex).writeInt(initialCredit);
            out.writeShort(id.length).writeBytes(id);
            return out;
        }
    }

    public record AddCredit(long receiverId, int credit) implements Message {
        public static final byte ID = 1;

        @Override
        public ByteBuf encode(ByteBufAllocator alloc) {
            return header(alloc, FRAME_HEADER_LENGTH + 12, ID)
                    .writeLong(receiverId)
                    .writeInt(credit);
        }
    }

    /**
     * Carries one buffer; the receiver owns {@link #payload} (a retained slice) and releases it.
     */
    public record BufferResponse(
            long receiverId, int sequenceNumber, int backlog, boolean isEvent, ByteBuf payload)
            implements Message {
        public static final byte ID = 2;

        /** The frame header and fixed fields; the payload bytes follow as a separate write. */
        @Override
        public ByteBuf encode(ByteBufAllocator alloc) {
            int size = payload.readableBytes();
            int length = FRAME_HEADER_LENGTH + BUFFER_RESPONSE_HEADER_LENGTH + size;
            ByteBuf out = alloc.directBuffer(FRAME_HEADER_LENGTH + BUFFER_RESPONSE_HEADER_LENGTH);
            out.writeInt(length).writeInt(MAGIC_NUMBER).writeByte(ID);
            out.writeLong(receiverId).writeInt(sequenceNumber).writeInt(backlog);
            out.writeByte(isEvent ? 1 : 0).writeInt(size);
            return out;
        }
    }

    public record CancelPartitionRequest(long receiverId) implements Message {
        public static final byte ID = 3;

        @Override
        public ByteBuf encode(ByteBufAllocator alloc) {
            return header(alloc, FRAME_HEADER_LENGTH + 8, ID).writeLong(receiverId);
        }
    }

    public record CloseRequest() implements Message {
        public static final byte ID = 4;

        @Override
        public ByteBuf encode(ByteBufAllocator alloc) {
            return header(alloc, FRAME_HEADER_LENGTH, ID);
        }
    }

    /** An error for one receiver, or for the whole connection ({@link #CONNECTION_WIDE}). */
    public record ErrorResponse(long receiverId, String message) implements Message {
        public static final byte ID = 5;

        @Override
        public ByteBuf encode(ByteBufAllocator alloc) {
            String m = message == null ? "" : message;
            byte[] bytes = m.getBytes(StandardCharsets.UTF_8);
            int n = Math.min(bytes.length, MAX_MESSAGE_LENGTH);
            while (n < bytes.length && n > 0 && (bytes[n] & 0xC0) == 0x80) {
                n--; // cut before a character, not inside one: the peer decodes strictly
            }
            ByteBuf out = header(alloc, FRAME_HEADER_LENGTH + 8 + 2 + n, ID);
            return out.writeLong(receiverId).writeShort(n).writeBytes(bytes, 0, n);
        }
    }

    /** Bytes of a handshake nonce and of an HMAC-SHA256. */
    public static final int NONCE_LENGTH = 32;

    public static final int MAC_LENGTH = 32;

    /** The server's fresh nonce, the first frame of an authenticated connection. */
    public record AuthChallenge(byte[] serverNonce) implements Message {
        public static final byte ID = 6;

        @Override
        public ByteBuf encode(ByteBufAllocator alloc) {
            return header(alloc, FRAME_HEADER_LENGTH + NONCE_LENGTH, ID).writeBytes(serverNonce);
        }
    }

    /** The client's proof of the token over both nonces, and its own nonce. */
    public record AuthResponse(byte[] mac, byte[] clientNonce) implements Message {
        public static final byte ID = 7;

        @Override
        public ByteBuf encode(ByteBufAllocator alloc) {
            return header(alloc, FRAME_HEADER_LENGTH + MAC_LENGTH + NONCE_LENGTH, ID)
                    .writeBytes(mac)
                    .writeBytes(clientNonce);
        }
    }

    /** The server's proof of the token: the client now knows it reached a peer, not a stranger. */
    public record AuthConfirm(byte[] mac) implements Message {
        public static final byte ID = 8;

        @Override
        public ByteBuf encode(ByteBufAllocator alloc) {
            return header(alloc, FRAME_HEADER_LENGTH + MAC_LENGTH, ID).writeBytes(mac);
        }
    }

    private static byte[] bytes(ByteBuf frame, int n, String what) {
        need(frame, n, what);
        byte[] out = new byte[n];
        frame.readBytes(out);
        return out;
    }

    private static ByteBuf header(ByteBufAllocator alloc, int frameLength, byte id) {
        ByteBuf out = alloc.buffer(frameLength);
        return out.writeInt(frameLength).writeInt(MAGIC_NUMBER).writeByte(id);
    }

    /**
     * Decodes one frame (magic onwards: the length field is already stripped).
     *
     * @throws CorruptedFrameException for a wrong magic, an unknown id, or a malformed body
     */
    static Message decode(ByteBuf frame) {
        if (frame.readableBytes() < 5) {
            throw new CorruptedFrameException(
                    "frame of " + frame.readableBytes() + " bytes after length");
        }
        int magic = frame.readInt();
        if (magic != MAGIC_NUMBER) {
            throw new CorruptedFrameException(
                    "wrong magic number 0x"
                            + Integer.toHexString(magic)
                            + " (not a Spate data connection?)");
        }
        byte id = frame.readByte();
        Message message =
                switch (id) {
                    case PartitionRequest.ID -> {
                        need(frame, 18, "PartitionRequest");
                        long receiverId = frame.readLong();
                        int subpartition = frame.readInt();
                        int credit = frame.readInt();
                        int idLength = frame.readUnsignedShort();
                        if (idLength == 0 || idLength > ResultPartitionId.MAX_UTF8_LENGTH) {
                            throw new CorruptedFrameException(
                                    "PartitionRequest: partition id of " + idLength + " bytes");
                        }
                        need(frame, idLength, "PartitionRequest");
                        String partition = utf8(frame, idLength, "PartitionRequest: partition id");
                        ResultPartitionId partitionId;
                        try {
                            partitionId = new ResultPartitionId(partition);
                        } catch (IllegalArgumentException e) {
                            throw new CorruptedFrameException(
                                    "PartitionRequest: " + e.getMessage(), e);
                        }
                        yield new PartitionRequest(partitionId, subpartition, receiverId, credit);
                    }
                    case AddCredit.ID -> {
                        need(frame, 12, "AddCredit");
                        yield new AddCredit(frame.readLong(), frame.readInt());
                    }
                    case BufferResponse.ID -> {
                        need(frame, BUFFER_RESPONSE_HEADER_LENGTH, "BufferResponse");
                        long receiverId = frame.readLong();
                        int sequence = frame.readInt();
                        int backlog = frame.readInt();
                        byte type = frame.readByte();
                        int size = frame.readInt();
                        if (type != 0 && type != 1) {
                            throw new CorruptedFrameException(
                                    "BufferResponse: unknown data type " + type);
                        }
                        if (size < 0 || size != frame.readableBytes()) {
                            throw new CorruptedFrameException(
                                    "BufferResponse: payload size "
                                            + size
                                            + " but "
                                            + frame.readableBytes()
                                            + " bytes");
                        }
                        yield new BufferResponse(
                                receiverId,
                                sequence,
                                backlog,
                                type == 1,
                                frame.readRetainedSlice(size));
                    }
                    case CancelPartitionRequest.ID -> {
                        need(frame, 8, "CancelPartitionRequest");
                        yield new CancelPartitionRequest(frame.readLong());
                    }
                    case CloseRequest.ID -> new CloseRequest();
                    case ErrorResponse.ID -> {
                        need(frame, 10, "ErrorResponse");
                        long receiverId = frame.readLong();
                        int n = frame.readUnsignedShort();
                        if (n > MAX_MESSAGE_LENGTH) {
                            throw new CorruptedFrameException(
                                    "ErrorResponse: message of " + n + " bytes");
                        }
                        need(frame, n, "ErrorResponse");
                        yield new ErrorResponse(receiverId, utf8(frame, n, "ErrorResponse"));
                    }
                    case AuthChallenge.ID ->
                            new AuthChallenge(bytes(frame, NONCE_LENGTH, "AuthChallenge"));
                    case AuthResponse.ID ->
                            new AuthResponse(
                                    bytes(frame, MAC_LENGTH, "AuthResponse"),
                                    bytes(frame, NONCE_LENGTH, "AuthResponse"));
                    case AuthConfirm.ID -> new AuthConfirm(bytes(frame, MAC_LENGTH, "AuthConfirm"));
                    default -> throw new CorruptedFrameException("unknown message id " + id);
                };
        if (frame.isReadable()) {
            if (message instanceof BufferResponse r) {
                r.payload().release();
            }
            throw new CorruptedFrameException(
                    frame.readableBytes()
                            + " unexpected bytes after "
                            + message.getClass().getSimpleName());
        }
        return message;
    }

    /**
     * {@code n} bytes of well-formed UTF-8: one text, one encoding, so a frame decodes to what it
     * encodes back to (the fuzz target checks it).
     */
    private static String utf8(ByteBuf frame, int n, String what) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(frame.readSlice(n).nioBuffer())
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CorruptedFrameException(what + " is not UTF-8");
        }
    }

    private static void need(ByteBuf frame, int bytes, String what) {
        if (frame.readableBytes() < bytes) {
            throw new CorruptedFrameException(what + " frame is truncated");
        }
    }

    /**
     * Splits the byte stream into frames and decodes them. Fails fast on an over-long length, and
     * with a frame timeout fails a connection whose started frame stays incomplete that long (a
     * peer trickling or withholding bytes). Every failure reaches the next handler's {@code
     * exceptionCaught} as a {@link DecoderException}, which closes that connection only. Event loop
     * only.
     */
    public static final class Decoder extends LengthFieldBasedFrameDecoder {
        private static final RateLimitedLog LOG = RateLimitedLog.warnings(Decoder.class);

        private final long frameTimeoutNanos; // 0: none
        private long frames;
        private ScheduledFuture<?> frameTimer;

        /** Without a frame timeout (the consumer side: its producer is trusted to finish). */
        public Decoder(int maxFrameLength) {
            this(maxFrameLength, Duration.ZERO);
        }

        public Decoder(int maxFrameLength, Duration frameTimeout) {
            super(maxFrameLength, 0, 4, -4, 4, true);
            this.frameTimeoutNanos = frameTimeout.toNanos();
        }

        @Override
        protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
            ByteBuf frame = (ByteBuf) super.decode(ctx, in);
            if (frame == null) {
                return null;
            }
            frames++;
            try {
                return NettyMessage.decode(frame);
            } finally {
                frame.release();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            long before = frames;
            super.channelRead(ctx, msg);
            if (frameTimeoutNanos == 0) {
                return;
            }
            boolean started = frames != before; // a new frame may have begun since the timer
            if (actualReadableBytes() == 0 || started) {
                cancelFrameTimer();
            }
            if (actualReadableBytes() > 0 && frameTimer == null && ctx.channel().isActive()) {
                frameTimer =
                        ctx.executor()
                                .schedule(
                                        () -> {
                                            frameTimer = null;
                                            ctx.fireExceptionCaught(
                                                    new CorruptedFrameException(
                                                            "a frame stayed incomplete for "
                                                                    + Durations.format(
                                                                            Duration.ofNanos(
                                                                                    frameTimeoutNanos))
                                                                    + " (spate.network.frame-timeout)"));
                                        },
                                        frameTimeoutNanos,
                                        TimeUnit.NANOSECONDS);
            }
        }

        @Override
        protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
            cancelFrameTimer();
            super.handlerRemoved0(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            cancelFrameTimer();
            super.channelInactive(ctx);
        }

        private void cancelFrameTimer() {
            if (frameTimer != null) {
                frameTimer.cancel(false);
                frameTimer = null;
            }
        }

        @Override
        protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, java.util.List<Object> out)
                throws Exception {
            super.decodeLast(ctx, in, out);
            if (in.isReadable()) {
                LOG.log(
                        "truncated frames",
                        "data connection "
                                + ctx.channel().remoteAddress()
                                + " closed inside a frame: "
                                + in.readableBytes()
                                + " bytes of a truncated frame dropped");
                in.skipBytes(in.readableBytes());
            }
        }
    }
}
