package io.spate.executor.rpc;

import io.grpc.ManagedChannel;
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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * {@link CoordinatorGateway} over one gRPC channel (grpc-netty, plaintext) to {@code
 * spate.coordinator.address}, presenting {@code spate.auth.token} on every call. The channel
 * reconnects by itself; a call while it is down fails fast with UNAVAILABLE.
 */
public final class GrpcCoordinatorGateway implements CoordinatorGateway, AutoCloseable {

  private final ManagedChannel channel;
  private final CoordinatorGatewayGrpc.CoordinatorGatewayStub stub;
  private final Duration deadline;

  public GrpcCoordinatorGateway(HostAndPort coordinator, AuthToken authToken, Duration deadline) {
    this.channel =
        NettyChannelBuilder.forAddress(coordinator.host(), coordinator.port())
            .usePlaintext()
            .intercept(authToken.clientInterceptor())
            .build();
    this.stub = CoordinatorGatewayGrpc.newStub(channel);
    this.deadline = deadline;
  }

  /**
   * Registration has its own backoff (RegistrationBackoff), so the channel's reconnect backoff
   * (gRPC's: 1 s, growing) is reset first: else an attempt 100 ms after a refused connection
   * would fail fast on the channel's TRANSIENT_FAILURE and the executor register up to a second
   * late.
   */
  @Override
  public CompletableFuture<RegisterExecutorResponse> registerExecutor(
      RegisterExecutorRequest request) {
    channel.resetConnectBackoff();
    return call(request, (r, observer) -> withDeadline().registerExecutor(r, observer));
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
