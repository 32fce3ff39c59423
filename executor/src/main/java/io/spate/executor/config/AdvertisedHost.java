package io.spate.executor.config;

import io.spate.rpc.HostAndPort;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Detects the address peers use to reach this process when {@code spate.advertised-host} is unset:
 * the local address of the interface that routes to the coordinator (Flink's
 * ConnectionUtils.findConnectingAddress, in one step). A loopback coordinator therefore gives a
 * loopback address, a remote one the interface facing it.
 */
public final class AdvertisedHost {

    private AdvertisedHost() {}

    public static String detect(HostAndPort coordinator) {
        // A connected UDP socket asks the OS for the route and sends nothing.
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(coordinator.host(), coordinator.port()));
            InetAddress local = probe.getLocalAddress();
            if (local != null && !local.isAnyLocalAddress()) {
                return local.getHostAddress();
            }
        } catch (IOException | RuntimeException e) {
            // unresolvable or unroutable coordinator: fall back to the host's own name below
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
