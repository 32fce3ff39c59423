package io.spate.coordinator.rpc.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.spate.rpc.endpoint.EndpointNotRunningException;

/** Maps the coordinator's refusals (domain exceptions) to the gRPC status an executor acts on. */
final class GrpcStatuses {

    private GrpcStatuses() {}

    static StatusRuntimeException of(Throwable failure) {
        Status status =
                switch (failure) {
                    case StatusRuntimeException already -> already.getStatus();
                    case EndpointNotRunningException notRunning -> Status.UNAVAILABLE;
                    case IllegalArgumentException bad -> Status.INVALID_ARGUMENT;
                    default -> Status.INTERNAL;
                };
        return status.withDescription(failure.getMessage()).asRuntimeException();
    }
}
