package io.spate.coordinator.rpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.spate.coordinator.resourcemanager.NotRunningException;
import io.spate.coordinator.resourcemanager.StaleRegistrationException;

/** Maps the resource manager's refusals to the gRPC status an executor acts on. */
final class GrpcStatuses {

    private GrpcStatuses() {}

    static StatusRuntimeException of(Throwable failure) {
        Status status =
                switch (failure) {
                    case StatusRuntimeException already -> already.getStatus();
                    // The executor must register again (CoordinatorGateway's contract).
                    case StaleRegistrationException stale -> Status.FAILED_PRECONDITION;
                    case NotRunningException notRunning -> Status.UNAVAILABLE;
                    case IllegalArgumentException bad -> Status.INVALID_ARGUMENT;
                    default -> Status.INTERNAL;
                };
        return status.withDescription(failure.getMessage()).asRuntimeException();
    }
}
