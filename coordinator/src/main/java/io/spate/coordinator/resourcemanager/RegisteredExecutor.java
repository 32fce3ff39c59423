package io.spate.coordinator.resourcemanager;

import io.spate.coordinator.rpc.gateway.ExecutorGateway;
import io.spate.rpc.HostAndPort;
import io.spate.rpc.proto.CoordinatorFencing;

/**
 * One registration of an executor: where it is, what it offers, and the heartbeat exchange in
 * progress. Mutable, owned by the resource manager's thread.
 */
public final class RegisteredExecutor {

    private final String executorId;
    private final String registrationId;
    private final HostAndPort grpcAddress;
    private final HostAndPort dataAddress;
    private final int slots;
    private final ExecutorGateway gateway;
    private final CoordinatorFencing fencing;

    private long heartbeatSequence;
    private long nextHeartbeatNanos;
    private long heartbeatSentNanos = -1;
    private long lastRttNanos = -1;

    RegisteredExecutor(
            String executorId,
            String registrationId,
            String sessionId,
            HostAndPort grpcAddress,
            HostAndPort dataAddress,
            int slots,
            ExecutorGateway gateway) {
        this.executorId = executorId;
        this.registrationId = registrationId;
        this.grpcAddress = grpcAddress;
        this.dataAddress = dataAddress;
        this.slots = slots;
        this.gateway = gateway;
        this.fencing =
                CoordinatorFencing.newBuilder()
                        .setCoordinatorSessionId(sessionId)
                        .setRegistrationId(registrationId)
                        .build();
    }

    public String executorId() {
        return executorId;
    }

    public String registrationId() {
        return registrationId;
    }

    public HostAndPort grpcAddress() {
        return grpcAddress;
    }

    public HostAndPort dataAddress() {
        return dataAddress;
    }

    public int slots() {
        return slots;
    }

    public ExecutorGateway gateway() {
        return gateway;
    }

    /** What every coordinator->executor call to this registration carries. */
    public CoordinatorFencing fencing() {
        return fencing;
    }

    /** Round trip of the last answered heartbeat, -1 before the first. */
    public long lastRttNanos() {
        return lastRttNanos;
    }

    boolean heartbeatInFlight() {
        return heartbeatSentNanos >= 0;
    }

    void firstHeartbeatAt(long nanos) {
        nextHeartbeatNanos = nanos;
    }

    boolean heartbeatDue(long nowNanos) {
        return nowNanos - nextHeartbeatNanos >= 0;
    }

    /** Marks a heartbeat in flight and schedules the next one; answers its sequence number. */
    long startHeartbeat(long nowNanos, long intervalNanos) {
        heartbeatSentNanos = nowNanos;
        nextHeartbeatNanos += intervalNanos;
        if (nowNanos - nextHeartbeatNanos >= 0) { // fell behind (a slow reply): restart the beat
            nextHeartbeatNanos = nowNanos + intervalNanos;
        }
        return ++heartbeatSequence;
    }

    void finishHeartbeat() {
        heartbeatSentNanos = -1;
    }

    void recordRtt(long rttNanos) {
        lastRttNanos = rttNanos;
    }

    @Override
    public String toString() {
        return "executor "
                + executorId
                + " (registration "
                + registrationId
                + " at "
                + grpcAddress
                + ")";
    }
}
