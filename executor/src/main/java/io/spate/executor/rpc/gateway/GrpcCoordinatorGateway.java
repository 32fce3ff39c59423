package io.spate.executor.rpc.gateway;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.spate.rpc.AuthToken;
import io.spate.rpc.HostAndPort;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.CoordinatorGatewayGrpc;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import io.spate.rpc.proto.RegisterExecutorRequest;
import io.spate.rpc.proto.RegisterExecutorResponse;
import io.spate.rpc.proto.TaskStateUpdate;
import io.spate.tls.GrpcClientTls;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * {@link CoordinatorGateway} over one gRPC channel (grpc-netty; TLS as {@code spate.tls.*} say) to
 * {@code spate.coordinator.address}, presenting {@code spate.auth.token} on every call. The channel
 * reconnects by itself; a call while it is down fails fast with UNAVAILABLE.
 */
public final class GrpcCoordinatorGateway
        implements CoordinatorGateway, io.spate.executor.usercode.BlobSource, AutoCloseable {

    private final ManagedChannel channel;
    private final CoordinatorGatewayGrpc.CoordinatorGatewayStub stub;
    private final Duration deadline;

    private static final long MIN_CONNECT_WAIT_MILLIS = 100;
    private final AtomicLong connectWaitMillis = new AtomicLong(MIN_CONNECT_WAIT_MILLIS);

    public GrpcCoordinatorGateway(
            HostAndPort coordinator, AuthToken authToken, GrpcClientTls tls, Duration deadline) {
        this.channel =
                tls.configure(
                                NettyChannelBuilder.forAddress(
                                        coordinator.host(), coordinator.port()))
                        .intercept(authToken.clientInterceptor())
                        .build();
        this.stub = CoordinatorGatewayGrpc.newStub(channel);
        this.deadline = deadline;
    }

    /**
     * Registration has its own backoff (RegistrationBackoff), so it does not wait for the channel's
     * (gRPC's: 1 s, growing). While the channel is not connected, an attempt makes it connect now
     * and sends as soon as it is READY: a call made at once would fail fast on the
     * TRANSIENT_FAILURE of the previous attempt, and the executor register one backoff late (W3
     * measured 0.25-0.5 s). The attempt fails as UNAVAILABLE when the channel is not READY within
     * the connect wait, which starts at 100 ms (a refused connection) and doubles up to the
     * deadline while attempts fail (a slow link). gRPC keeps a failing channel in TRANSIENT_FAILURE
     * until it is READY, so the wait is the only way to tell a failed reconnect.
     */
    @Override
    public CompletableFuture<RegisterExecutorResponse> registerExecutor(
            RegisterExecutorRequest request) {
        ConnectivityState state = channel.getState(true);
        if (state != ConnectivityState.READY) {
            channel.resetConnectBackoff();
        }
        long waitMillis =
                connectWaitMillis.getAndUpdate(
                        w ->
                                Math.min(
                                        w * 2,
                                        Math.max(deadline.toMillis(), MIN_CONNECT_WAIT_MILLIS)));
        CompletableFuture<Void> ready = new CompletableFuture<>();
        whenReady(state, ready); // completes at once when READY
        return ready.orTimeout(waitMillis, TimeUnit.MILLISECONDS)
                .exceptionallyCompose(
                        timeout ->
                                CompletableFuture.failedFuture(
                                        Status.UNAVAILABLE
                                                .withDescription(
                                                        "not connected to the coordinator within "
                                                                + waitMillis
                                                                + " ms")
                                                .asRuntimeException()))
                .thenCompose(
                        connected -> {
                            connectWaitMillis.set(MIN_CONNECT_WAIT_MILLIS);
                            return call(
                                    request,
                                    (r, observer) -> withDeadline().registerExecutor(r, observer));
                        });
    }

    /** Completes {@code ready} once the channel is READY (or never: the caller bounds the wait). */
    private void whenReady(ConnectivityState current, CompletableFuture<Void> ready) {
        if (current == ConnectivityState.READY) {
            ready.complete(null);
        } else if (current != ConnectivityState.SHUTDOWN && !ready.isDone()) {
            channel.notifyWhenStateChanged(
                    current, () -> whenReady(channel.getState(false), ready));
        }
    }

    @Override
    public CompletableFuture<Ack> updateTaskState(TaskStateUpdate update) {
        return call(update, (r, observer) -> withDeadline().updateTaskState(r, observer));
    }

    @Override
    public CompletableFuture<Ack> acknowledgeCheckpoint(AcknowledgeCheckpointRequest request) {
        return call(request, (r, observer) -> withDeadline().acknowledgeCheckpoint(r, observer));
    }

    @Override
    public CompletableFuture<Ack> declineCheckpoint(DeclineCheckpointRequest request) {
        return call(request, (r, observer) -> withDeadline().declineCheckpoint(r, observer));
    }

    @Override
    public CompletableFuture<io.spate.rpc.proto.BlobChunk> getBlob(
            io.spate.rpc.proto.GetBlobRequest request) {
        return call(request, (r, observer) -> withDeadline().getBlob(r, observer));
    }

    /** Blocking, for the blob cache on a task thread. */
    @Override
    public byte[] read(String sha256, long offset, int maxBytes) throws java.io.IOException {
        try {
            return getBlob(
                            io.spate.rpc.proto.GetBlobRequest.newBuilder()
                                    .setSha256(sha256)
                                    .setOffset(offset)
                                    .setMaxBytes(maxBytes)
                                    .build())
                    .get()
                    .getData()
                    .toByteArray();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("fetching blob " + sha256 + " interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new java.io.IOException(
                    "fetching blob "
                            + sha256
                            + " from the coordinator: "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private CoordinatorGatewayGrpc.CoordinatorGatewayStub withDeadline() {
        return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <Q, A> CompletableFuture<A> call(
            Q request, BiConsumer<Q, StreamObserver<A>> invocation) {
        CompletableFuture<A> reply = new CompletableFuture<>();
        try {
            invocation.accept(request, new UnaryObserver<>(reply));
        } catch (RuntimeException e) {
            reply.completeExceptionally(e);
        }
        return reply;
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }

    /** Completes a future with the single reply of a unary call. */
    private static final class UnaryObserver<A> implements StreamObserver<A> {
        private final CompletableFuture<A> reply;

        UnaryObserver(CompletableFuture<A> reply) {
            this.reply = reply;
        }

        @Override
        public void onNext(A value) {
            reply.complete(value);
        }

        @Override
        public void onError(Throwable t) {
            reply.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
            if (!reply.isDone()) {
                reply.completeExceptionally(
                        io.grpc.Status.INTERNAL
                                .withDescription("call completed without a reply")
                                .asRuntimeException());
            }
        }
    }
}
