package io.spate.bench.rpc;

import java.io.IOException;
import java.net.ServerSocket;

/** Prints a free TCP port (for bench scripts that start processes; tests bind to 0 instead). */
public final class FreePort {

    private FreePort() {}

    public static void main(String[] args) throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            System.out.println(socket.getLocalPort());
        }
    }
}
