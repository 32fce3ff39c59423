package io.spate.executor.network.netty;

import io.netty.channel.Channel;
import io.spate.executor.network.gate.PartitionRequestClient;
import io.spate.executor.network.gate.RemoteInputChannel;
import io.spate.rpc.HostAndPort;
import java.io.IOException;

/** The shared connection to one producer executor, as remote channels use it. */
final class NettyPartitionRequestClient implements PartitionRequestClient {
    private final HostAndPort remote;
    private final Channel channel;
    private final CreditBasedClientHandler handler;

    NettyPartitionRequestClient(
            HostAndPort remote, Channel channel, CreditBasedClientHandler handler) {
        this.remote = remote;
        this.channel = channel;
        this.handler = handler;
    }

    @Override
    public HostAndPort remoteAddress() {
        return remote;
    }

    boolean isActive() {
        return channel.isActive();
    }

    Channel channel() {
        return channel;
    }

    @Override
    public void requestSubpartition(RemoteInputChannel inputChannel, int initialCredit) {
        handler.addChannel(inputChannel);
        NettyMessage.PartitionRequest request =
                new NettyMessage.PartitionRequest(
                        inputChannel.partitionId(),
                        inputChannel.subpartitionIndex(),
                        inputChannel.receiverId(),
                        initialCredit);
        channel.writeAndFlush(request.encode(channel.alloc()))
                .addListener(
                        f -> {
                            if (!f.isSuccess()) {
                                inputChannel.onError(
                                        new IOException(
                                                "connection to "
                                                        + remote
                                                        + " lost: "
                                                        + f.cause().getMessage(),
                                                f.cause()));
                            }
                        });
    }

    @Override
    public void notifyCreditAvailable(RemoteInputChannel inputChannel) {
        channel.eventLoop().execute(() -> handler.writeCredit(inputChannel));
    }

    @Override
    public void cancelRequest(RemoteInputChannel inputChannel) {
        handler.removeChannel(inputChannel);
        if (channel.isActive()) {
            channel.writeAndFlush(
                    new NettyMessage.CancelPartitionRequest(inputChannel.receiverId())
                            .encode(channel.alloc()));
        }
    }

    /** Says goodbye and closes (executor shutdown). */
    void close() {
        if (channel.isActive()) {
            channel.writeAndFlush(new NettyMessage.CloseRequest().encode(channel.alloc()));
        }
        channel.close().awaitUninterruptibly();
    }
}
