package io.spate.executor.network;

import static io.spate.executor.network.DataPlaneTesting.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.spate.executor.network.netty.NettyMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The data server's connection caps and idle timeout over real loopback TCP. Peers are told apart
 * by source address: Linux routes all of 127.0.0.0/8 to loopback, so a test can be three peers.
 */
class ConnectionCapsTest {
    private final List<Socket> sockets = new ArrayList<>();
    private NetworkEnvironment server;

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> server.incomingConnections() == 0);
            server.close();
        }
    }

    private Socket connect(String from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        s.setSoTimeout(300);
        sockets.add(s);
        return s;
    }

    /** True if the server closed {@code s} (EOF or reset); false if it is still open. */
    private static boolean closedByServer(Socket s) throws IOException {
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Test
    void connectionsOverThePerPeerAndTotalCapsAreClosedAndTheirPlacesReused() throws Exception {
        server = started(smallConfig().withLimits(NetworkLimits.defaults().withConnections(3, 2)));
        Socket a1 = connect("127.0.0.1");
        Socket a2 = connect("127.0.0.1");
        Socket a3 = connect("127.0.0.1");
        assertThat(closedByServer(a3)).as("third from one peer").isTrue();
        Socket b1 = connect("127.0.0.2");
        Socket c1 = connect("127.0.0.3");
        assertThat(closedByServer(c1)).as("fourth in total").isTrue();
        assertThat(closedByServer(a1)).isFalse();
        assertThat(closedByServer(a2)).isFalse();
        assertThat(closedByServer(b1)).isFalse();
        assertThat(server.incomingConnections()).isEqualTo(3);

        a1.close(); // a place frees up: the next peer gets it
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> server.incomingConnections() == 2);
        Socket c2 = connect("127.0.0.3");
        assertThat(closedByServer(c2)).isFalse();
    }

    @Test
    void aConnectionWithoutReadersIsClosedAtTheIdleTimeout() throws Exception {
        server =
                started(
                        smallConfig()
                                .withLimits(
                                        NetworkLimits.defaults()
                                                .withTimeouts(
                                                        Duration.ofSeconds(10),
                                                        Duration.ofSeconds(30),
                                                        Duration.ofSeconds(10),
                                                        Duration.ofMillis(500))));
        Socket s = connect("127.0.0.1");
        // One valid frame establishes the connection; then it asks for nothing.
        s.getOutputStream()
                .write(
                        ByteBuffer.allocate(17)
                                .putInt(17)
                                .putInt(NettyMessage.MAGIC_NUMBER)
                                .put(NettyMessage.CancelPartitionRequest.ID)
                                .putLong(9)
                                .array());
        s.setSoTimeout(10_000);
        long start = System.nanoTime();
        assertThat(closedByServer(s)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isGreaterThan(Duration.ofMillis(300));
    }
}
