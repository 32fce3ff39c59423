package io.spate.executor.network.gate;

import io.spate.rpc.HostAndPort;
import java.io.IOException;

/** Gives the one shared connection to a producer executor, connecting on first use. */
public interface ConnectionManager {
    PartitionRequestClient client(HostAndPort producer) throws IOException;
}
