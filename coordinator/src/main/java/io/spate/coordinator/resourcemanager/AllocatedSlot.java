package io.spate.coordinator.resourcemanager;

import io.spate.coordinator.rpc.gateway.ExecutorGateway;
import io.spate.rpc.HostAndPort;
import io.spate.rpc.proto.CoordinatorFencing;

/**
 * A slot handed to a job, with what the job master needs to use it: the executor's gateway and the
 * fencing its calls carry, and the executor's addresses (the data plane one goes into consumers'
 * input locations). Immutable; the gateway is thread-safe.
 */
public record AllocatedSlot(
        SlotId slotId,
        HostAndPort grpcAddress,
        HostAndPort dataAddress,
        ExecutorGateway gateway,
        CoordinatorFencing fencing) {

    public String executorId() {
        return slotId.executorId();
    }
}
