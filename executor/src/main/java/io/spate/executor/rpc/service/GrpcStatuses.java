package io.spate.executor.rpc.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.spate.executor.registration.FencingTokenException;
import io.spate.executor.taskexecutor.BadTaskException;
import io.spate.executor.taskexecutor.DuplicateAttemptException;
import io.spate.executor.taskexecutor.SlotTakenException;
import io.spate.rpc.endpoint.EndpointNotRunningException;

/** Maps the task executor's refusals to the gRPC status the coordinator acts on. */
final class GrpcStatuses {

    private GrpcStatuses() {}

    static StatusRuntimeException of(Throwable failure) {
        Status status =
                switch (failure) {
                    // The coordinator's session is not (or no longer) the one this executor obeys.
                    case FencingTokenException notObeyed -> Status.FAILED_PRECONDITION;
                    case BadTaskException bad -> Status.INVALID_ARGUMENT;
                    case DuplicateAttemptException duplicate -> Status.ALREADY_EXISTS;
                    case SlotTakenException taken -> Status.RESOURCE_EXHAUSTED;
                    // Starting or stopping: the coordinator may try again, here later or elsewhere.
                    case EndpointNotRunningException notRunning -> Status.UNAVAILABLE;
                    default -> Status.INTERNAL;
                };
        return status.withDescription(failure.getMessage()).withCause(failure).asRuntimeException();
    }
}
