package io.spate.bench.rpc;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.spate.rpc.HostAndPort;
import io.spate.rpc.proto.Ack;
import io.spate.rpc.proto.CancelTaskRequest;
import io.spate.rpc.proto.CoordinatorGatewayGrpc;
import io.spate.rpc.proto.ExecutorGatewayGrpc;
import io.spate.rpc.proto.HeartbeatRequest;
import io.spate.rpc.proto.HeartbeatResponse;
import io.spate.rpc.proto.RegisterExecutorRequest;
import io.spate.rpc.proto.RegisterExecutorResponse;
import io.spate.rpc.proto.SlotStatus;
import io.spate.rpc.proto.SubmitTaskRequest;
import io.spate.rpc.proto.TaskDeploymentDescriptor;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many executors behind ONE real gRPC server: each registers with the coordinator under its own id
 * but the same address, and the server answers heartbeats for every registration it holds (refusing
 * unknown ones with FAILED_PRECONDITION, as a real executor does).
 */
final class SimulatedExecutors implements AutoCloseable {

    private final Server server;
    private final ManagedChannel coordinatorChannel;
    private final CoordinatorGatewayGrpc.CoordinatorGatewayBlockingStub coordinator;

    /** registration id -> executor id */
    private final Map<String, String> registrations = new ConcurrentHashMap<>();

    /** Tasks the coordinator deployed here (accepted, never run). */
    final List<TaskDeploymentDescriptor> submitted = new CopyOnWriteArrayList<>();

    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile String session;

    SimulatedExecutors(HostAndPort coordinatorAddress) throws IOException {
        this.server =
                NettyServerBuilder.forPort(0)
                        .directExecutor()
                        .addService(
                                new ExecutorGatewayGrpc.ExecutorGatewayImplBase() {
                                    @Override
                                    public void heartbeat(
                                            HeartbeatRequest request,
                                            StreamObserver<HeartbeatResponse> reply) {
                                        onHeartbeat(request, reply);
                                    }

                                    @Override
                                    public void submitTask(
                                            SubmitTaskRequest request, StreamObserver<Ack> reply) {
                                        submitted.add(request.getTask());
                                        reply.onNext(Ack.newBuilder().setAccepted(true).build());
                                        reply.onCompleted();
                                    }

                                    @Override
                                    public void cancelTask(
                                            CancelTaskRequest request, StreamObserver<Ack> reply) {
                                        reply.onNext(Ack.newBuilder().setAccepted(true).build());
                                        reply.onCompleted();
                                    }
                                })
                        .build()
                        .start();
        this.coordinatorChannel =
                NettyChannelBuilder.forAddress(coordinatorAddress.host(), coordinatorAddress.port())
                        .usePlaintext()
                        .build();
        this.coordinator = CoordinatorGatewayGrpc.newBlockingStub(coordinatorChannel);
    }

    private void onHeartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> reply) {
        String executorId = registrations.get(request.getFencing().getRegistrationId());
        if (executorId == null) {
            // A heartbeat may overtake our bookkeeping of a registration that is just returning on
            // a
            // starved machine; wait for it to finish before judging (registrations hold this lock).
            synchronized (this) {
                executorId = registrations.get(request.getFencing().getRegistrationId());
            }
        }
        if (executorId == null || !request.getFencing().getCoordinatorSessionId().equals(session)) {
            refused.incrementAndGet();
            reply.onError(
                    Status.FAILED_PRECONDITION
                            .withDescription("unknown registration")
                            .asRuntimeException());
            return;
        }
        answered.incrementAndGet();
        reply.onNext(
                HeartbeatResponse.newBuilder()
                        .setExecutorId(executorId)
                        .setSequence(request.getSequence())
                        .addSlots(SlotStatus.newBuilder().setIndex(0))
                        .addSlots(SlotStatus.newBuilder().setIndex(1))
                        .build());
        reply.onCompleted();
    }

    /** Registers one more simulated executor; answers its registration. */
    synchronized RegisterExecutorResponse register(String executorId) {
        RegisterExecutorResponse response =
                coordinator
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .registerExecutor(
                                RegisterExecutorRequest.newBuilder()
                                        .setExecutorId(executorId)
                                        .setGrpcHost("127.0.0.1")
                                        .setGrpcPort(server.getPort())
                                        .setDataHost("127.0.0.1")
                                        .setDataPort(1)
                                        .setSlots(2)
                                        .setVersion("bench")
                                        .build());
        session = response.getCoordinatorSessionId();
        registrations.put(response.getRegistrationId(), executorId);
        return response;
    }

    CoordinatorGatewayGrpc.CoordinatorGatewayBlockingStub coordinator() {
        return coordinator;
    }

    long heartbeatsAnswered() {
        return answered.get();
    }

    long heartbeatsRefused() {
        return refused.get();
    }

    @Override
    public void close() throws InterruptedException {
        coordinatorChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
