package io.spate.bench.micro;

import io.spate.executor.network.InputChannelDescriptor;
import io.spate.executor.network.NetworkConfig;
import io.spate.executor.network.NetworkEnvironment;
import io.spate.executor.network.PeerSecurity;
import io.spate.executor.network.gate.InputGate;
import io.spate.executor.network.gate.RecordReader;
import io.spate.executor.network.partition.ResultPartition;
import io.spate.executor.network.partition.ResultPartitionId;
import io.spate.executor.network.writer.Partitioner;
import io.spate.executor.network.writer.RecordWriter;
import io.spate.record.Row;
import io.spate.rpc.HostAndPort;
import io.spate.tls.NettySslContexts;
import io.spate.tls.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What TLS costs the data plane alone (src-docs/security.md "What TLS costs"): W1's {@code {word,
 * count}} records from a writer in one {@link NetworkEnvironment} to a reader in another over
 * loopback TCP, full buffers only, the benchmark thread writing and a consumer thread reading.
 * {@code security}: {@code plain}, {@code jdk} (mutual TLS through the JDK's SSLEngine) or {@code
 * openssl} (BoringSSL through netty-tcnative). Certificates come from bin/spate-certs (run from the
 * repository root, or set {@code -Dspate.certs=DIR}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class RemoteChannelTlsBenchmark {

    @Param({"plain", "jdk", "openssl"})
    public String security;

    NetworkEnvironment producer;
    NetworkEnvironment consumer;
    RecordWriter writer;
    RecordReader reader;
    InputGate gate;
    Row out;
    long n;
    BackgroundReader background;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        PeerSecurity peers = PeerSecurity.none();
        if (!security.equals("plain")) {
            Path certs = certificates();
            TlsSettings tls =
                    new TlsSettings(
                            true,
                            Optional.of(certs.resolve("key.pem")),
                            Optional.of(certs.resolve("cert.pem")),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.of(certs.resolve("ca.pem")),
                            security.equals("jdk")
                                    ? TlsSettings.Provider.JDK
                                    : TlsSettings.Provider.OPENSSL);
            peers = peers.withTls(NettySslContexts.server(tls), NettySslContexts.client(tls));
        }
        NetworkConfig config = NetworkConfig.defaults().withSecurity(peers);
        producer = new NetworkEnvironment(config);
        producer.start();
        consumer = new NetworkEnvironment(config);
        consumer.start();
        ResultPartitionId id = new ResultPartitionId("bench-remote-" + security);
        ResultPartition partition = producer.createResultPartition(id, 1);
        writer =
                producer.createRecordWriter(
                        partition, Partitioner.forward(), Words.WORD_COUNT, Duration.ofMillis(100));
        gate =
                consumer.createInputGate(
                        "bench",
                        List.of(
                                InputChannelDescriptor.remote(
                                        id, 0, new HostAndPort("127.0.0.1", producer.port()))));
        reader = consumer.createRecordReader(gate, Words.WORD_COUNT);
        out = new Row(Words.WORD_COUNT).setString(0, "w1234");
        background = BackgroundReader.start(reader);
    }

    private static Path certificates() throws Exception {
        String given = System.getProperty("spate.certs");
        if (given != null) {
            return Path.of(given);
        }
        Path dir = Files.createTempDirectory("spate-bench-certs");
        Process p =
                new ProcessBuilder("bash", "bin/spate-certs", dir.toString())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("bin/spate-certs failed: " + output);
        }
        return dir;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        writer.finish();
        writer.close();
        background.awaitAll(n);
        reader.close();
        gate.close();
        consumer.close();
        producer.close();
    }

    @Benchmark
    public void remoteRecord() throws Exception {
        writer.emit(out.setLong(1, n++));
    }
}
