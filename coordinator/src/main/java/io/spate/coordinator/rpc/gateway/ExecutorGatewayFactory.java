package io.spate.coordinator.rpc.gateway;

import io.spate.rpc.HostAndPort;

/** Opens a gateway to the executor endpoint at an address (one per registered executor). */
@FunctionalInterface
public interface ExecutorGatewayFactory {

    ExecutorGateway connect(HostAndPort address);
}
