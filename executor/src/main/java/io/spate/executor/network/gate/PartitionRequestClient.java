package io.spate.executor.network.gate;

import io.spate.rpc.HostAndPort;

/**
 * The consumer side of one connection to a producer executor, shared by every remote channel to it
 * (implemented over Netty in {@code network.netty}). All methods are asynchronous and safe from any
 * thread.
 */
public interface PartitionRequestClient {
    HostAndPort remoteAddress();

    /** Registers {@code channel} and sends its PartitionRequest with the initial credit. */
    void requestSubpartition(RemoteInputChannel channel, int initialCredit);

    /** Sends the channel's unannounced credit (AddCredit) from the connection's thread. */
    void notifyCreditAvailable(RemoteInputChannel channel);

    /** Unregisters {@code channel} and tells the producer to drop it (CancelPartitionRequest). */
    void cancelRequest(RemoteInputChannel channel);
}
