package io.spate.executor.rpc.gateway;

import io.grpc.Status;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.AcknowledgeCheckpointRequest;
import io.spate.rpc.proto.DeclineCheckpointRequest;
import io.spate.rpc.proto.RegisterExecutorRequest;
import io.spate.rpc.proto.RegisterExecutorResponse;
import io.spate.rpc.proto.TaskStateUpdate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link CoordinatorGateway} for tests (Flink: TestingResourceManagerGateway): one function per
 * call, set through the builder. Defaults accept everything: registration answers session {@code
 * session-1} with a fresh registration id, interval 1 s and timeout 5 s.
 */
public final class TestingCoordinatorGateway implements CoordinatorGateway {

    private final Function<RegisterExecutorRequest, CompletableFuture<RegisterExecutorResponse>>
            registerExecutor;
    private final Function<TaskStateUpdate, CompletableFuture<Ack>> updateTaskState;
    private final Function<AcknowledgeCheckpointRequest, CompletableFuture<Ack>>
            acknowledgeCheckpoint;
    private final Function<DeclineCheckpointRequest, CompletableFuture<Ack>> declineCheckpoint;

    private TestingCoordinatorGateway(Builder builder) {
        this.registerExecutor = builder.registerExecutor;
        this.updateTaskState = builder.updateTaskState;
        this.acknowledgeCheckpoint = builder.acknowledgeCheckpoint;
        this.declineCheckpoint = builder.declineCheckpoint;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A registration reply. */
    public static RegisterExecutorResponse registered(
            String registrationId, String sessionId, long intervalMs, long timeoutMs) {
        return RegisterExecutorResponse.newBuilder()
                .setRegistrationId(registrationId)
                .setCoordinatorSessionId(sessionId)
                .setHeartbeatIntervalMs(intervalMs)
                .setHeartbeatTimeoutMs(timeoutMs)
                .build();
    }

    /** A call that fails with {@code status}, as the gRPC client reports it. */
    public static <T> CompletableFuture<T> failing(Status status) {
        return CompletableFuture.failedFuture(status.asRuntimeException());
    }

    @Override
    public CompletableFuture<RegisterExecutorResponse> registerExecutor(
            RegisterExecutorRequest request) {
        return registerExecutor.apply(request);
    }

    @Override
    public CompletableFuture<Ack> updateTaskState(TaskStateUpdate update) {
        return updateTaskState.apply(update);
    }

    @Override
    public CompletableFuture<Ack> acknowledgeCheckpoint(AcknowledgeCheckpointRequest request) {
        return acknowledgeCheckpoint.apply(request);
    }

    @Override
    public CompletableFuture<Ack> declineCheckpoint(DeclineCheckpointRequest request) {
        return declineCheckpoint.apply(request);
    }

    public static final class Builder {
        private static final Ack ACCEPTED = Ack.newBuilder().setAccepted(true).build();

        private final AtomicInteger registrations = new AtomicInteger();
        private Function<RegisterExecutorRequest, CompletableFuture<RegisterExecutorResponse>>
                registerExecutor =
                        request ->
                                CompletableFuture.completedFuture(
                                        registered(
                                                "registration-" + registrations.incrementAndGet(),
                                                "session-1",
                                                1000,
                                                5000));
        private Function<TaskStateUpdate, CompletableFuture<Ack>> updateTaskState =
                update -> CompletableFuture.completedFuture(ACCEPTED);
        private Function<AcknowledgeCheckpointRequest, CompletableFuture<Ack>>
                acknowledgeCheckpoint = request -> CompletableFuture.completedFuture(ACCEPTED);
        private Function<DeclineCheckpointRequest, CompletableFuture<Ack>> declineCheckpoint =
                request -> CompletableFuture.completedFuture(ACCEPTED);

        public Builder setRegisterExecutorFunction(
                Function<RegisterExecutorRequest, CompletableFuture<RegisterExecutorResponse>>
                        function) {
            this.registerExecutor = function;
            return this;
        }

        public Builder setUpdateTaskStateFunction(
                Function<TaskStateUpdate, CompletableFuture<Ack>> function) {
            this.updateTaskState = function;
            return this;
        }

        public Builder setAcknowledgeCheckpointFunction(
                Function<AcknowledgeCheckpointRequest, CompletableFuture<Ack>> function) {
            this.acknowledgeCheckpoint = function;
            return this;
        }

        public Builder setDeclineCheckpointFunction(
                Function<DeclineCheckpointRequest, CompletableFuture<Ack>> function) {
            this.declineCheckpoint = function;
            return this;
        }

        public TestingCoordinatorGateway build() {
            return new TestingCoordinatorGateway(this);
        }
    }
}
