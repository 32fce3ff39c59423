package io.spate.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stranger on the same network, run as its own process by {@link HostileNeighbourIT}: for a fixed
 * time it attacks every executor's data port (random bytes, requests for partitions that do not
 * exist, slow-loris frames, thousands of idle connections) and the coordinator's REST port (huge
 * specs, wrong tokens, cancels without a token). It knows the frame layout (it is public) but not
 * the token. It prints one {@code HOSTILE key=value ...} line at the end; {@code breaches} counts
 * REST calls that succeeded without the token (must stay 0).
 *
 * <p>Usage: {@code HostileNeighbour SECONDS COORDINATOR_URI JOB_ID TOKEN host:dataPort...}; TOKEN
 * is the real one, used only for the huge specs an authorised but careless user might send.
 */
public final class HostileNeighbour {

    private static final int MAGIC = 0x5BA7E0D1;
    private static final int IDLE_CONNECTIONS = 2_000;
    private static final int UNKNOWN_PARTITION_REQUESTS = 200_000;

    private final long deadline;
    private final Random random = new Random(42);
    private final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();

    private HostileNeighbour(long seconds) {
        this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    }

    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]);
        URI coordinator = URI.create(args[1]);
        String jobId = args[2];
        String token = args[3];
        List<InetSocketAddress> dataPorts = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            String hp = args[i];
            int colon = hp.lastIndexOf(':');
            dataPorts.add(
                    new InetSocketAddress(
                            hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1))));
        }
        HostileNeighbour attacker = new HostileNeighbour(seconds);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        for (InetSocketAddress data : dataPorts) {
            pool.submit(() -> attacker.randomBytes(data));
            pool.submit(() -> attacker.unknownPartitions(data));
            for (int i = 0; i < 20; i++) {
                pool.submit(() -> attacker.slowLoris(data));
            }
            pool.submit(() -> attacker.idleConnections(data, IDLE_CONNECTIONS / dataPorts.size()));
        }
        pool.submit(() -> attacker.rest(coordinator, jobId, token));
        pool.shutdown();
        pool.awaitTermination(seconds + 60, TimeUnit.SECONDS);
        StringBuilder line = new StringBuilder("HOSTILE");
        attacker.counts.entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> line.append(' ').append(e.getKey()).append('=').append(e.getValue()));
        if (!attacker.counts.containsKey("breaches")) {
            line.append(" breaches=0");
        }
        System.out.println(line);
        System.exit(0);
    }

    private boolean running() {
        return System.nanoTime() < deadline;
    }

    private void count(String key) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    /** Connections that send garbage: the server must close each one, and only that one. */
    private void randomBytes(InetSocketAddress data) {
        while (running()) {
            try (Socket s = connect(data)) {
                byte[] junk = new byte[1 + random.nextInt(64 * 1024)];
                random.nextBytes(junk);
                if (random.nextBoolean()) {
                    // a plausible header with a huge length, then junk
                    ByteBuffer.wrap(junk).putInt(Integer.MAX_VALUE - 1).putInt(MAGIC);
                }
                s.getOutputStream().write(junk);
                s.getOutputStream().flush();
                count(drainUntilClosed(s, 15_000) ? "random.closed" : "random.left-open");
            } catch (IOException e) {
                count("random.refused");
            }
        }
    }

    /** Floods requests for partitions that do not exist, reading whatever comes back. */
    private void unknownPartitions(InetSocketAddress data) {
        long sent = 0;
        while (running() && sent < UNKNOWN_PARTITION_REQUESTS) {
            try (Socket s = connect(data)) {
                OutputStream out = s.getOutputStream();
                Thread reader =
                        Thread.ofVirtual()
                                .start(
                                        () -> {
                                            if (drainUntilClosed(s, 600_000)) {
                                                count("unknown.connection-closed");
                                            }
                                        });
                for (int i = 0; i < 10_000 && running(); i++, sent++) {
                    out.write(partitionRequest(sent + 1, "no-such-job/v/" + sent + "/0"));
                }
                out.flush();
                count("unknown.batches");
                reader.join(Math.max(1, remainingMillis()));
            } catch (IOException e) {
                count("unknown.write-failed");
            } catch (InterruptedException e) {
                return;
            }
        }
        counts.computeIfAbsent("unknown.requests", k -> new AtomicLong()).addAndGet(sent);
    }

    /** Starts a frame and sends it a byte every 500 ms, forever. */
    private void slowLoris(InetSocketAddress data) {
        while (running()) {
            try (Socket s = connect(data)) {
                byte[] frame = partitionRequest(1, "slow/v/0/0");
                OutputStream out = s.getOutputStream();
                int i = 0;
                for (; i < frame.length - 1 && running(); i++) {
                    out.write(frame[i]);
                    out.flush();
                    Thread.sleep(500);
                }
                // Only a frame trickled to its last byte counts: the attack's end stops others.
                count(
                        i == frame.length - 1
                                ? "slowloris.finished-unclosed"
                                : "slowloris.cut-by-end");
            } catch (IOException e) {
                count("slowloris.closed");
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * How long after it opened an idle connection must be closed: more than the test's 5 s
     * handshake and idle timeouts plus the server's check period.
     */
    private static final long IDLE_GRACE_MILLIS = 10_000;

    /** Opens many connections and sends nothing on them. */
    private void idleConnections(InetSocketAddress data, int n) {
        List<Socket> open = new ArrayList<>();
        long lastOpened = System.nanoTime();
        for (int i = 0; i < n && running(); i++) {
            try {
                open.add(connect(data));
                lastOpened = System.nanoTime();
                count("idle.opened");
            } catch (IOException e) {
                count("idle.refused");
            }
        }
        try {
            // On a busy machine opening them takes most of the attack: the last ones opened must
            // have had their timeout too before they are looked at.
            long sinceLast = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastOpened);
            Thread.sleep(Math.max(1, Math.max(remainingMillis(), IDLE_GRACE_MILLIS - sinceLast)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Socket s : open) {
            try {
                s.setSoTimeout(1);
                int b = s.getInputStream().read();
                count(b < 0 ? "idle.closed-by-server" : "idle.got-bytes");
            } catch (java.net.SocketTimeoutException stillOpen) {
                count("idle.still-open");
            } catch (IOException e) {
                count("idle.closed-by-server");
            }
            try {
                s.close();
            } catch (IOException ignored) {
                // closing our own socket
            }
        }
    }

    private void rest(URI coordinator, String jobId, String token) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        byte[] huge = hugeSpec(9 * 1024 * 1024);
        String[] badTokens = {null, "Bearer wrong", "Bearer ", "Basic Zm9vOmJhcg==", "bearer x"};
        int round = 0;
        while (running()) {
            String auth = badTokens[round % badTokens.length];
            send(http, withAuth(post(coordinator, "jobs", huge, "application/yaml"), auth), false);
            send(
                    http,
                    withAuth(
                            HttpRequest.newBuilder(
                                            coordinator.resolve("/jobs/" + jobId + "?mode=cancel"))
                                    .header("Content-Type", "application/grpc")
                                    .method("PATCH", HttpRequest.BodyPublishers.noBody()),
                            auth),
                    false);
            send(http, withAuth(HttpRequest.newBuilder(coordinator.resolve("/jobs")), auth), false);
            if (round % 3 == 0) { // a careless user with the real token: refused for size
                send(
                        http,
                        withAuth(
                                post(coordinator, "jobs", huge, "application/yaml"),
                                "Bearer " + token),
                        true);
            }
            round++;
        }
    }

    private void send(HttpClient http, HttpRequest.Builder request, boolean authorised) {
        try {
            HttpResponse<Void> r =
                    http.send(
                            request.timeout(Duration.ofSeconds(30)).build(),
                            HttpResponse.BodyHandlers.discarding());
            count("rest." + r.statusCode());
            if (r.statusCode() >= 200 && r.statusCode() < 300) {
                count("breaches");
            } else if (authorised && r.statusCode() != 413) {
                count("rest.authorised-not-413");
            }
        } catch (IOException e) {
            count("rest.io-error");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static HttpRequest.Builder post(URI base, String path, byte[] body, String type) {
        return HttpRequest.newBuilder(base.resolve("/" + path))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private static HttpRequest.Builder withAuth(HttpRequest.Builder b, String auth) {
        return auth == null ? b : b.header("Authorization", auth);
    }

    /** A syntactically valid spec whose name is one long string (the 20–55 s parse of old). */
    private static byte[] hugeSpec(int bytes) {
        StringBuilder sb = new StringBuilder(bytes + 200);
        sb.append("name: \"");
        sb.append("x".repeat(bytes));
        sb.append("\"\npipeline:\n  transforms:\n    - type: Sequence\n");
        sb.append("      config: {from: 1, to: 2}\n    - type: Discard\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A PartitionRequest frame (src-docs: the data plane's frames; ID 0). */
    private static byte[] partitionRequest(long receiverId, String partitionId) {
        byte[] id = partitionId.getBytes(StandardCharsets.UTF_8);
        int length = 4 + 4 + 1 + 8 + 4 + 4 + 2 + id.length;
        ByteBuffer b = ByteBuffer.allocate(length);
        b.putInt(length).putInt(MAGIC).put((byte) 0);
        b.putLong(receiverId).putInt(0).putInt(2).putShort((short) id.length).put(id);
        return b.array();
    }

    private Socket connect(InetSocketAddress data) throws IOException {
        Socket s = new Socket();
        s.connect(data, 5_000);
        return s;
    }

    /** Reads and drops bytes; true when the peer closed the connection within the time. */
    private boolean drainUntilClosed(Socket s, int timeoutMillis) {
        try {
            s.setSoTimeout(timeoutMillis);
            InputStream in = s.getInputStream();
            byte[] sink = new byte[8192];
            while (in.read(sink) >= 0) {
                // discard
            }
            return true;
        } catch (IOException e) {
            return e instanceof java.net.SocketException; // reset counts as closed
        }
    }

    private long remainingMillis() {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }
}
