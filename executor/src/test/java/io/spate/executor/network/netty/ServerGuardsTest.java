package io.spate.executor.network.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.spate.executor.network.NetworkLimits;
import io.spate.executor.network.buffer.NetworkBufferPool;
import io.spate.executor.network.partition.ResultPartition;
import io.spate.executor.network.partition.ResultPartitionId;
import io.spate.executor.network.partition.ResultPartitionManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The data server's time- and count-bounds, one mechanism each, on an {@link EmbeddedChannel} whose
 * clock stands still until a test advances it: handshake timeout, frame timeout, partition-request
 * timeout, the pending-request cap, and the token handshake.
 */
class ServerGuardsTest {
    private static final int MAX_FRAME = NettyMessage.MAX_CONSUMER_FRAME_LENGTH;
    private static final NetworkLimits LIMITS =
            NetworkLimits.defaults()
                    .withMaxPendingRequests(3)
                    .withTimeouts(
                            Duration.ofSeconds(10),
                            Duration.ofSeconds(30),
                            Duration.ofSeconds(10),
                            Duration.ofMinutes(10));

    private final ResultPartitionManager partitions = new ResultPartitionManager();
    private final NetworkBufferPool pool = new NetworkBufferPool(4096, 1 << 20);
    private final AtomicInteger pendingOfServer = new AtomicInteger();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void close() {
        for (EmbeddedChannel ch : channels) {
            ch.finishAndReleaseAll();
        }
        partitions.shutdown();
        assertThat(pendingOfServer).hasValue(0);
    }

    /** The server's pipeline from the decoder on, time frozen. */
    private EmbeddedChannel connection(String token) {
        EmbeddedChannel ch = new EmbeddedChannel(false, true); // not active yet
        ch.freezeTime(); // before the handshake timer is set
        PartitionRequestQueue queue =
                new PartitionRequestQueue(partitions, LIMITS, pendingOfServer);
        ch.pipeline()
                .addLast(new NettyMessage.Decoder(MAX_FRAME, LIMITS.frameTimeout()))
                .addLast(
                        new PartitionRequestServerHandler(
                                queue,
                                token == null ? null : new PeerAuthenticator(token),
                                LIMITS.handshakeTimeout()))
                .addLast(queue);
        try {
            ch.register();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        channels.add(ch);
        return ch;
    }

    private static void advance(EmbeddedChannel ch, Duration by) {
        ch.advanceTimeBy(by.toNanos(), TimeUnit.NANOSECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
    }

    private static void send(EmbeddedChannel ch, NettyMessage.Message m) {
        ch.writeInbound(m.encode(ch.alloc()));
    }

    private static NettyMessage.PartitionRequest request(String partition, long receiver) {
        return new NettyMessage.PartitionRequest(new ResultPartitionId(partition), 0, receiver, 2);
    }

    /** The frames the server wrote, decoded. */
    private static List<NettyMessage.Message> written(EmbeddedChannel ch) {
        List<NettyMessage.Message> out = new ArrayList<>();
        ByteBuf all = Unpooled.buffer();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(b);
            b.release();
        }
        while (all.readableBytes() >= 4) {
            int length = all.getInt(all.readerIndex());
            ByteBuf frame = all.readSlice(length).skipBytes(4);
            NettyMessage.Message m = NettyMessage.decode(frame);
            if (m instanceof NettyMessage.BufferResponse r) {
                r.payload().release();
            }
            out.add(m);
        }
        all.release();
        return out;
    }

    private static String errorsOf(List<NettyMessage.Message> frames) {
        StringBuilder s = new StringBuilder();
        for (NettyMessage.Message m : frames) {
            if (m instanceof NettyMessage.ErrorResponse e) {
                s.append(e.receiverId()).append(": ").append(e.message()).append('\n');
            }
        }
        return s.toString();
    }

    @Test
    void aLengthFieldOverTheLongestConsumerFrameClosesAtOnce() {
        EmbeddedChannel ch = connection(null);
        ByteBuf header =
                Unpooled.buffer()
                        .writeInt(NettyMessage.MAX_CONSUMER_FRAME_LENGTH + 1)
                        .writeInt(NettyMessage.MAGIC_NUMBER)
                        .writeByte(NettyMessage.PartitionRequest.ID);
        ch.writeInbound(header); // nothing of the body is waited for
        assertThat(ch.isOpen()).isFalse();
        assertThat(errorsOf(written(ch))).startsWith("0: Adjusted frame length exceeds");
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAtTheHandshakeTimeout() {
        EmbeddedChannel ch = connection(null);
        advance(ch, Duration.ofMillis(9_999));
        assertThat(ch.isOpen()).isTrue();
        advance(ch, Duration.ofMillis(1));
        assertThat(ch.isOpen()).isFalse();
        assertThat(errorsOf(written(ch)))
                .startsWith("0: no valid frame within 10s (spate.network.handshake-timeout)");
    }

    @Test
    void aFrameTrickledByteByByteIsCutOffAtTheFrameTimeoutCountedFromItsStart() {
        EmbeddedChannel ch = connection(null);
        send(ch, request("p-not-yet", 1)); // established: the handshake timer is off
        ByteBuf credit = new NettyMessage.AddCredit(1, 1).encode(ch.alloc());
        // A slow-loris peer: one byte every 10 s keeps the connection busy but never ends a frame.
        for (int i = 0; i < 3; i++) {
            ch.writeInbound(credit.readRetainedSlice(1));
            assertThat(ch.isOpen()).isTrue();
            advance(ch, Duration.ofSeconds(10));
        }
        credit.release();
        assertThat(ch.isOpen()).isFalse();
        assertThat(errorsOf(written(ch)))
                .contains("0: a frame stayed incomplete for 30s (spate.network.frame-timeout)");
    }

    @Test
    void completeFramesNeverTripTheFrameTimeout() {
        EmbeddedChannel ch = connection(null);
        send(ch, new NettyMessage.CancelPartitionRequest(99)); // established
        for (int i = 0; i < 5; i++) {
            advance(ch, Duration.ofSeconds(9));
            // One frame in two reads, 29 s apart: slow, but each frame ends within the timeout.
            ByteBuf cancel = new NettyMessage.CancelPartitionRequest(99).encode(ch.alloc());
            ch.writeInbound(cancel.readRetainedSlice(5));
            advance(ch, Duration.ofSeconds(20));
            ch.writeInbound(cancel);
        }
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void aRequestForAPartitionThatNeverAppearsIsAnsweredAfterTheTimeoutAndTheConnectionStays()
            throws Exception {
        EmbeddedChannel ch = connection(null);
        send(ch, request("no-such-partition", 7));
        assertThat(pendingOfServer).hasValue(1);
        advance(ch, Duration.ofMillis(9_999));
        assertThat(errorsOf(written(ch))).isEmpty();
        advance(ch, Duration.ofMillis(1));
        assertThat(errorsOf(written(ch)))
                .isEqualTo(
                        "7: partition no-such-partition was not found within 10s"
                                + " (spate.network.partition-request-timeout)\n");
        assertThat(pendingOfServer).hasValue(0);
        assertThat(ch.isOpen()).isTrue();
        // The receiver id is free again: the consumer may retry.
        send(ch, request("no-such-partition", 7));
        assertThat(pendingOfServer).hasValue(1);
    }

    @Test
    void aPartitionRegisteredWithinTheTimeoutIsServedAndNotAnswered() throws Exception {
        EmbeddedChannel ch = connection(null);
        send(ch, request("late", 1));
        advance(ch, Duration.ofSeconds(5));
        ResultPartition partition =
                partitions.createPartition(new ResultPartitionId("late"), 1, pool, 4);
        ch.runPendingTasks();
        advance(ch, Duration.ofSeconds(10));
        assertThat(errorsOf(written(ch))).isEmpty();
        assertThat(pendingOfServer).hasValue(0);
        partition.release();
    }

    @Test
    void requestsOverThePendingCapCloseTheConnectionAndGiveTheirCountBack() {
        EmbeddedChannel ch = connection(null);
        for (int i = 1; i <= 3; i++) {
            send(ch, request("missing-" + i, i));
        }
        assertThat(pendingOfServer).hasValue(3);
        assertThat(ch.isOpen()).isTrue();
        send(ch, request("missing-4", 4));
        assertThat(ch.isOpen()).isFalse();
        assertThat(errorsOf(written(ch)))
                .contains(
                        "0: more than 3 requests wait for partitions that do not exist yet"
                                + " (spate.network.max-pending-requests)");
        assertThat(pendingOfServer).hasValue(0);
    }

    @Test
    void theCapIsSharedByEveryConnectionOfTheServer() {
        EmbeddedChannel first = connection(null);
        EmbeddedChannel second = connection(null);
        send(first, request("a", 1));
        send(first, request("b", 2));
        send(second, request("c", 1));
        send(second, request("d", 2));
        assertThat(second.isOpen()).isFalse();
        assertThat(first.isOpen()).isTrue();
        assertThat(pendingOfServer).hasValue(2);
        first.close();
        assertThat(pendingOfServer).hasValue(0);
    }

    @Test
    void withATokenTheRightMacEstablishesTheConnection() {
        EmbeddedChannel ch = connection("s3cret");
        NettyMessage.AuthChallenge challenge = (NettyMessage.AuthChallenge) written(ch).getFirst();
        PeerAuthenticator client = new PeerAuthenticator("s3cret");
        byte[] nonce = PeerAuthenticator.nonce();
        send(
                ch,
                new NettyMessage.AuthResponse(
                        client.clientMac(challenge.serverNonce(), nonce), nonce));
        NettyMessage.AuthConfirm confirm = (NettyMessage.AuthConfirm) written(ch).getFirst();
        assertThat(confirm.mac()).isEqualTo(client.serverMac(challenge.serverNonce(), nonce));
        send(ch, request("x", 1));
        advance(ch, Duration.ofSeconds(11)); // past the handshake timeout: established, stays
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void withATokenAWrongMacClosesTheConnection() {
        EmbeddedChannel ch = connection("s3cret");
        NettyMessage.AuthChallenge challenge = (NettyMessage.AuthChallenge) written(ch).getFirst();
        byte[] nonce = PeerAuthenticator.nonce();
        send(
                ch,
                new NettyMessage.AuthResponse(
                        new PeerAuthenticator("guess").clientMac(challenge.serverNonce(), nonce),
                        nonce));
        assertThat(ch.isOpen()).isFalse();
        assertThat(errorsOf(written(ch)))
                .contains("authentication failed: wrong MAC (spate.auth.token differs)");
    }

    @Test
    void withATokenARequestBeforeTheHandshakeClosesTheConnection() {
        EmbeddedChannel ch = connection("s3cret");
        written(ch);
        send(ch, request("x", 1));
        assertThat(ch.isOpen()).isFalse();
        assertThat(errorsOf(written(ch)))
                .contains("not authenticated: expected AuthResponse, got PartitionRequest");
        assertThat(pendingOfServer).hasValue(0);
    }

    @Test
    void aReplayedAnswerToAnotherChallengeIsRefused() {
        PeerAuthenticator client = new PeerAuthenticator("s3cret");
        EmbeddedChannel first = connection("s3cret");
        NettyMessage.AuthChallenge c1 = (NettyMessage.AuthChallenge) written(first).getFirst();
        byte[] nonce = PeerAuthenticator.nonce();
        NettyMessage.AuthResponse recorded =
                new NettyMessage.AuthResponse(client.clientMac(c1.serverNonce(), nonce), nonce);
        send(first, recorded);
        assertThat(first.isOpen()).isTrue();
        // An eavesdropper replays the recorded answer on a new connection: a fresh nonce there.
        EmbeddedChannel second = connection("s3cret");
        written(second);
        send(second, recorded);
        assertThat(second.isOpen()).isFalse();
    }
}
