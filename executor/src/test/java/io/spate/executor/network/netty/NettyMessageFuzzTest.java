package io.spate.executor.network.netty;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz test of the data plane's frame decoder (src-docs/security.md "Fuzzing"): whatever bytes a
 * peer sends, {@link NettyMessage.Decoder} yields frames or fails with a {@link
 * CorruptedFrameException} or {@link TooLongFrameException} (which close that connection only),
 * never another exception, and every frame it yields encodes back to exactly the bytes it came
 * from.
 */
class NettyMessageFuzzTest {
    private static final int MAX_FRAME = NettyMessage.maxFrameLength(4096);

    @FuzzTest(maxDuration = "20s")
    void decodeAnyBytes(byte[] bytes) {
        EmbeddedChannel ch = new EmbeddedChannel(new NettyMessage.Decoder(MAX_FRAME));
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        boolean failed = false;
        try {
            ch.writeInbound(in);
        } catch (DecoderException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            assertThat(cause)
                    .isInstanceOfAny(CorruptedFrameException.class, TooLongFrameException.class);
            assertThat(cause.getMessage()).isNotBlank();
            failed = true;
        }
        List<NettyMessage.Message> frames = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            frames.add((NettyMessage.Message) o);
        }
        ByteBuf again = Unpooled.buffer();
        for (NettyMessage.Message m : frames) {
            ByteBuf encoded = m.encode(ch.alloc());
            again.writeBytes(encoded);
            encoded.release();
            if (m instanceof NettyMessage.BufferResponse r) {
                again.writeBytes(
                        r.payload(), r.payload().readerIndex(), r.payload().readableBytes());
                r.payload().release(); // a retained slice of the decoder's buffer: ours to release
            }
        }
        // The frames decoded are the input's prefix, byte for byte: one frame, one encoding.
        assertThat(again.readableBytes()).isLessThanOrEqualTo(bytes.length);
        byte[] prefix = new byte[again.readableBytes()];
        again.readBytes(prefix);
        again.release();
        assertThat(prefix).isEqualTo(java.util.Arrays.copyOf(bytes, prefix.length));
        if (!failed) {
            ch.finishAndReleaseAll();
        }
    }
}
