package io.spate.executor.taskexecutor;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServer;
import io.spate.clock.Clock;
import io.spate.executor.config.ExecutorSettings;
import io.spate.executor.rpc.GrpcCoordinatorGateway;
import io.spate.rpc.AuthToken;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wires the {@link TaskExecutorVerticle} from the configuration and deploys it at start; undeploys
 * it and closes the coordinator channel at shutdown.
 */
@ApplicationScoped
public class TaskExecutorDeployer {

  private static final Logger LOG = Logger.getLogger(TaskExecutorDeployer.class);

  private final Vertx vertx;
  private final ExecutorSettings settings;
  private final TaskExecutorStatus status;
  private final Instance<HttpServer> httpServer;
  private final String version;

  private volatile TaskExecutorVerticle verticle;
  private GrpcCoordinatorGateway gateway;
  private String deploymentId;

  @Inject
  public TaskExecutorDeployer(
      Vertx vertx,
      ExecutorSettings settings,
      TaskExecutorStatus status,
      Instance<HttpServer> httpServer,
      @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
          String version) {
    this.vertx = vertx;
    this.settings = settings;
    this.status = status;
    this.httpServer = httpServer;
    this.version = version;
  }

  void onStart(@Observes StartupEvent event) throws Exception {
    String executorId = UUID.randomUUID().toString();
    gateway =
        new GrpcCoordinatorGateway(
            settings.coordinatorAddress(),
            new AuthToken(settings.authToken()),
            // One deadline for every call: a coordinator slower than its own heartbeat timeout
            // counts as unreachable.
            settings.heartbeatTimeout());
    TaskExecutorVerticle created =
        new TaskExecutorVerticle(
            gateway, Clock.SYSTEM, settings, executorId, version, this::boundGrpcPort, status);
    LOG.infof(
        "executor %s (version %s): %d slots, advertised host %s, coordinator %s%s",
        executorId,
        version,
        settings.slots(),
        settings.advertisedHost(),
        settings.coordinatorAddress(),
        settings.authToken().isPresent() ? ", auth token set" : "");
    deploymentId =
        vertx
            .deployVerticle(created)
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    verticle = created;
  }

  void onStop(@Observes ShutdownEvent event) throws Exception {
    verticle = null;
    if (deploymentId != null) {
      vertx
          .undeploy(deploymentId)
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  /** The deployed verticle, or null before start and after shutdown. */
  public TaskExecutorVerticle verticle() {
    return verticle;
  }

  /**
   * The port the unified HTTP/gRPC server listens on, as Quarkus publishes it once bound (the real
   * one also for {@code quarkus.http.port=0}); 0 until then, and registration waits.
   */
  private int boundGrpcPort() {
    try {
      int port = httpServer.get().getPort();
      return Math.max(port, 0);
    } catch (RuntimeException notBoundYet) {
      return 0;
    }
  }
}
