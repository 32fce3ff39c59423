package io.spate.executor.taskexecutor;

import io.grpc.Status;
import io.spate.clock.Clock;
import io.spate.executor.config.ExecutorSettings;
import io.spate.executor.registration.CoordinatorConnection;
import io.spate.executor.registration.ExecutorDescription;
import io.spate.executor.registration.Registration;
import io.spate.executor.rpc.CoordinatorGateway;
import io.spate.executor.rpc.VertxMainThreadExecutor;
import io.spate.rpc.MainThread;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.CancelTaskRequest;
import io.spate.rpc.proto.CoordinatorFencing;
import io.spate.rpc.proto.HeartbeatRequest;
import io.spate.rpc.proto.HeartbeatResponse;
import io.spate.rpc.proto.NotifyCheckpointCompleteRequest;
import io.spate.rpc.proto.SubmitTaskRequest;
import io.spate.rpc.proto.TriggerCheckpointRequest;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntSupplier;

/**
 * All state of this verticle (registration, slot table, coordinator liveness) is touched on its own
 * event loop only; the public methods may be called from any thread and hop onto it.
 *
 * <p>The executor's control endpoint (Flink: TaskExecutor): it keeps itself registered with the
 * coordinator through a {@link CoordinatorConnection}, answers the coordinator's heartbeats with
 * its slot report, and fences every coordinator call against the session it registered with. Task
 * deployment (SubmitTask, CancelTask, checkpoints) arrives with the jobs issue.
 */
public final class TaskExecutorVerticle extends AbstractVerticle {

  private final CoordinatorGateway gateway;
  private final Clock clock;
  private final ExecutorSettings settings;
  private final String executorId;
  private final String version;
  private final IntSupplier grpcPort;
  private final TaskExecutorStatus status;

  // Event loop only, from start() on.
  private SlotTable slots;
  private CoordinatorConnection connection;
  private int dataPort;

  /**
   * @param grpcPort the port the gRPC server is bound to; read at every registration attempt since
   *     {@code quarkus.http.port=0} is known only once the server listens (0 until then)
   */
  public TaskExecutorVerticle(
      CoordinatorGateway gateway,
      Clock clock,
      ExecutorSettings settings,
      String executorId,
      String version,
      IntSupplier grpcPort,
      TaskExecutorStatus status) {
    this.gateway = gateway;
    this.clock = clock;
    this.settings = settings;
    this.executorId = executorId;
    this.version = version;
    this.grpcPort = grpcPort;
    this.status = status;
    this.dataPort = settings.dataPort();
  }

  @Override
  public void start() {
    assertOnEventLoop();
    slots = new SlotTable(settings.slots());
    connection =
        new CoordinatorConnection(
            gateway,
            new VertxMainThreadExecutor(context, this),
            clock,
            this::describeSelf,
            settings.heartbeatTimeout(),
            settings.coordinatorAddress().toString(),
            new ConnectionEvents());
    status.running(true);
    publish();
    connection.start();
  }

  @Override
  public void stop() {
    assertOnEventLoop();
    connection.close();
    status.running(false);
    status.registration(false, "", "stopped");
  }

  // ---- entry points (any thread) -----------------------------------------------------------

  /** Fences the heartbeat, notes the coordinator alive, replies with the slot report. */
  public CompletionStage<HeartbeatResponse> heartbeat(HeartbeatRequest request) {
    return onEventLoop(() -> handleHeartbeat(request));
  }

  public CompletionStage<Ack> submitTask(SubmitTaskRequest request) {
    return fenced(request.getFencing(), () -> notYetDeployable("SubmitTask"));
  }

  public CompletionStage<Ack> cancelTask(CancelTaskRequest request) {
    return fenced(request.getFencing(), () -> notYetDeployable("CancelTask"));
  }

  public CompletionStage<Ack> triggerCheckpoint(TriggerCheckpointRequest request) {
    return fenced(request.getFencing(), () -> notYetDeployable("TriggerCheckpoint"));
  }

  public CompletionStage<Ack> notifyCheckpointComplete(NotifyCheckpointCompleteRequest request) {
    return fenced(request.getFencing(), () -> notYetDeployable("NotifyCheckpointComplete"));
  }

  /**
   * The data plane's server is bound at {@code port}: announced from the next registration on. Seam
   * for the data plane, which should call this before the first registration completes.
   */
  public void dataPlaneBound(int port) {
    onEventLoop(
        () -> {
          dataPort = port;
          return null;
        });
  }

  // ---- handlers (event loop) ---------------------------------------------------------------

  private HeartbeatResponse handleHeartbeat(HeartbeatRequest request) {
    assertOnEventLoop();
    connection.checkFencing(request.getFencing());
    connection.heardFromCoordinator();
    return HeartbeatResponse.newBuilder()
        .setExecutorId(executorId)
        .setSequence(request.getSequence())
        .addAllSlots(slots.report())
        .build();
  }

  private <T> CompletionStage<T> fenced(CoordinatorFencing fencing, Callable<T> handler) {
    return onEventLoop(
        () -> {
          assertOnEventLoop();
          connection.checkFencing(fencing);
          return handler.call();
        });
  }

  private static Ack notYetDeployable(String call) {
    throw Status.UNIMPLEMENTED
        .withDescription(call + ": task deployment arrives with the jobs issue")
        .asRuntimeException();
  }

  private ExecutorDescription describeSelf() {
    assertOnEventLoop();
    return new ExecutorDescription(
        executorId,
        settings.advertisedHost(),
        grpcPort.getAsInt(),
        settings.advertisedHost(),
        dataPort,
        slots.size(),
        version);
  }

  private void publish() {
    Registration registration = connection.registration();
    status.registration(
        registration != null,
        registration == null ? "" : registration.coordinatorSessionId(),
        connection.lastFailure());
    status.slots(slots.size(), slots.freeCount());
    status.registrationAttempts(connection.attempts());
  }

  /** The connection's events, on the event loop. */
  private final class ConnectionEvents implements CoordinatorConnection.Listener {
    @Override
    public void registrationAttempted(long attempts) {
      assertOnEventLoop();
      publish();
    }

    @Override
    public void registered(Registration registration) {
      assertOnEventLoop();
      publish();
    }

    @Override
    public void disconnected(Registration lost, String reason) {
      assertOnEventLoop();
      // Seam: cancel the tasks of the lost registration here (jobs issue); their slots go too.
      slots.freeAll();
      publish();
    }
  }

  // ---- threading -----------------------------------------------------------------------------

  private <T> CompletionStage<T> onEventLoop(Callable<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Context own = context;
    if (own == null) {
      result.completeExceptionally(
          Status.UNAVAILABLE.withDescription("executor is starting").asRuntimeException());
      return result;
    }
    own.runOnContext(
        ignored -> {
          try {
            result.complete(work.call());
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        });
    return result;
  }

  private void assertOnEventLoop() {
    MainThread.validate(Vertx.currentContext() == context, this);
  }

  @Override
  public String toString() {
    return "TaskExecutorVerticle[" + executorId + "]";
  }
}
