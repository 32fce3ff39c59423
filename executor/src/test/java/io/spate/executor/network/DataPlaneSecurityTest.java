package io.spate.executor.network;

import static io.spate.executor.network.DataPlaneTesting.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslProvider;
import io.spate.executor.network.gate.InputGate;
import io.spate.executor.network.gate.RecordReader;
import io.spate.executor.network.partition.ResultPartition;
import io.spate.executor.network.writer.Partitioner;
import io.spate.executor.network.writer.RecordWriter;
import io.spate.executor.tls.TestCertificates;
import io.spate.record.Row;
import io.spate.tls.NettySslContexts;
import io.spate.tls.TlsSettings;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who may read a partition, over real loopback TCP between two data planes: the same token, the
 * cluster's certificates, or both, move every record exactly once; a different token, no token, a
 * foreign certificate or plain TCP against TLS are refused with an error that names the cause.
 */
class DataPlaneSecurityTest {
    private static final Path CLUSTER = TestCertificates.create("dp-cluster");
    private static final Path FOREIGN = TestCertificates.create("dp-foreign");
    private static final int RECORDS = 20_000;

    private final List<NetworkEnvironment> envs = new ArrayList<>();

    @AfterEach
    void close() {
        for (NetworkEnvironment env : envs) {
            env.close();
        }
        awaitNoBuffersInUse(envs.toArray(NetworkEnvironment[]::new));
    }

    private NetworkEnvironment env(PeerSecurity security) throws Exception {
        NetworkEnvironment env = started(smallConfig().withSecurity(security));
        envs.add(env);
        return env;
    }

    private static PeerSecurity tls(PeerSecurity base, Path identity) throws IOException {
        TlsSettings settings = TestCertificates.settings(identity, CLUSTER);
        return base.withTls(NettySslContexts.server(settings), NettySslContexts.client(settings));
    }

    /** Producer in {@code a} writes RECORDS rows; the consumer in {@code b} reads and counts. */
    private static long transfer(NetworkEnvironment a, NetworkEnvironment b) throws Exception {
        ResultPartition partition = a.createResultPartition(pid("p"), 1);
        RecordWriter writer =
                a.createRecordWriter(
                        partition, Partitioner.forward(), SCHEMA, Duration.ofMillis(1));
        CompletableFuture<Void> producer =
                task(
                        "producer",
                        () -> {
                            Row row = new Row(SCHEMA);
                            for (long i = 0; i < RECORDS; i++) {
                                writer.emit(row.setLong(0, 0).setLong(1, i).setString(2, "k" + i));
                            }
                            writer.finish();
                        });
        InputGate gate =
                b.createInputGate(
                        "consumer",
                        List.of(InputChannelDescriptor.remote(pid("p"), 0, address(a))));
        RecordReader reader = b.createRecordReader(gate, SCHEMA);
        Row row = new Row(SCHEMA);
        long[] next = {0};
        try {
            readAll(
                    reader,
                    row,
                    r -> {
                        assertThat(r.getLong(1)).isEqualTo(next[0]);
                        next[0]++;
                    },
                    e -> {});
            producer.get(30, TimeUnit.SECONDS);
        } finally {
            reader.close();
            gate.close();
            partition.release();
        }
        return next[0];
    }

    /** What the consumer's read fails with when the producer refuses it. */
    private static Throwable refusal(NetworkEnvironment a, NetworkEnvironment b) throws Exception {
        ResultPartition partition = a.createResultPartition(pid("secret"), 1);
        try {
            Throwable failure = null;
            InputGate gate = null;
            try {
                gate =
                        b.createInputGate(
                                "consumer",
                                List.of(
                                        InputChannelDescriptor.remote(
                                                pid("secret"), 0, address(a))));
                RecordReader reader = b.createRecordReader(gate, SCHEMA);
                Row row = new Row(SCHEMA);
                while (true) {
                    if (reader.next(row) == RecordReader.Result.NOTHING_AVAILABLE) {
                        reader.availableFuture().get(30, TimeUnit.SECONDS);
                    }
                }
            } catch (IOException e) {
                failure = e;
            } finally {
                if (gate != null) {
                    gate.close();
                }
            }
            return failure;
        } finally {
            partition.release();
        }
    }

    @Test
    void theSameTokenOnBothSidesMovesEveryRecordOnce() throws Exception {
        assertThat(transfer(env(PeerSecurity.token("s3cret")), env(PeerSecurity.token("s3cret"))))
                .isEqualTo(RECORDS);
    }

    @Test
    void aDifferentTokenIsRefusedNamingTheToken() throws Exception {
        Throwable failure =
                refusal(env(PeerSecurity.token("s3cret")), env(PeerSecurity.token("guess")));
        assertThat(failure)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("spate.auth.token differs");
    }

    @Test
    void aConsumerWithoutTheTokenIsRefused() throws Exception {
        Throwable failure = refusal(env(PeerSecurity.token("s3cret")), env(PeerSecurity.none()));
        assertThat(failure)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("spate.auth.token is set there but not here");
    }

    @Test
    void mutualTlsMovesEveryRecordOnce() throws Exception {
        assertThat(
                        transfer(
                                env(tls(PeerSecurity.none(), CLUSTER)),
                                env(tls(PeerSecurity.none(), CLUSTER))))
                .isEqualTo(RECORDS);
    }

    @Test
    void mutualTlsThroughOpenSslMovesEveryRecordOnceAndTalksToTheJdkEngine() throws Exception {
        TlsSettings jdk = TestCertificates.settings(CLUSTER, CLUSTER);
        TlsSettings openssl =
                new TlsSettings(
                        true,
                        jdk.key(),
                        jdk.cert(),
                        jdk.keyStore(),
                        jdk.keyStorePassword(),
                        jdk.trust(),
                        TlsSettings.Provider.OPENSSL);
        // netty-tcnative ships for Linux x86_64, where the tests run; auto picks it there.
        assertThat(NettySslContexts.provider(openssl)).isEqualTo(SslProvider.OPENSSL);
        PeerSecurity viaOpenSsl =
                PeerSecurity.none()
                        .withTls(
                                NettySslContexts.server(openssl), NettySslContexts.client(openssl));
        assertThat(transfer(env(viaOpenSsl), env(viaOpenSsl))).isEqualTo(RECORDS);
        assertThat(transfer(env(viaOpenSsl), env(tls(PeerSecurity.none(), CLUSTER))))
                .isEqualTo(RECORDS);
    }

    @Test
    void tlsAndTokenTogetherMoveEveryRecordOnce() throws Exception {
        assertThat(
                        transfer(
                                env(tls(PeerSecurity.token("s3cret"), CLUSTER)),
                                env(tls(PeerSecurity.token("s3cret"), CLUSTER))))
                .isEqualTo(RECORDS);
    }

    @Test
    void aCertificateTheClusterCaDidNotSignCannotFinishTheHandshake() throws Exception {
        Throwable failure =
                refusal(
                        env(tls(PeerSecurity.none(), CLUSTER)),
                        env(tls(PeerSecurity.none(), FOREIGN)));
        // TLS 1.3: the client finishes first, the server's verdict on its certificate follows.
        assertThat(failure)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("SSLHandshakeException")
                .hasMessageContaining("certificate");
    }

    @Test
    void aPlainConsumerCannotTalkToATlsProducer() throws Exception {
        NetworkEnvironment producer = env(tls(PeerSecurity.none(), CLUSTER));
        Throwable failure = refusal(producer, env(PeerSecurity.none()));
        assertThat(failure).isInstanceOf(IOException.class);
        // A raw frame on the TLS port: no plaintext answer, the connection is closed.
        try (Socket s = new Socket("127.0.0.1", producer.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(partitionRequestFrame("secret", 0, 1));
            byte[] answer = readUntilClosed(s.getInputStream());
            assertThat(new String(answer, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .doesNotContain("secret");
        }
    }

    @Test
    void aRawRequestWithoutTheHandshakeIsAnsweredWithTheReasonAndClosed() throws Exception {
        NetworkEnvironment producer = env(PeerSecurity.token("s3cret"));
        try (Socket s = new Socket("127.0.0.1", producer.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(partitionRequestFrame("p", 0, 1));
            String answer =
                    new String(
                            readUntilClosed(s.getInputStream()),
                            java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer)
                    .contains("not authenticated: expected AuthResponse, got PartitionRequest");
        }
        assertThat(producer.pendingRequests()).isZero();
    }
}
