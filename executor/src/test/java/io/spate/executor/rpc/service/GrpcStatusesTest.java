package io.spate.executor.rpc.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.spate.executor.registration.FencingTokenException;
import io.spate.executor.taskexecutor.BadTaskException;
import io.spate.executor.taskexecutor.DuplicateAttemptException;
import io.spate.executor.taskexecutor.SlotTakenException;
import io.spate.rpc.endpoint.EndpointNotRunningException;
import org.junit.jupiter.api.Test;

class GrpcStatusesTest {

    @Test
    void eachRefusalHasItsStatusAndKeepsItsText() {
        assertMapped(
                new FencingTokenException("call from coordinator session 's0' refused"),
                Status.Code.FAILED_PRECONDITION,
                "call from coordinator session 's0' refused");
        assertMapped(
                new BadTaskException("a-1", new IllegalArgumentException("slot 9 does not exist")),
                Status.Code.INVALID_ARGUMENT,
                "task a-1: slot 9 does not exist");
        assertMapped(
                new DuplicateAttemptException("a-1"),
                Status.Code.ALREADY_EXISTS,
                "task a-1 is already deployed here");
        assertMapped(
                new SlotTakenException(
                        "a-2", new IllegalStateException("slot 0 is allocated to job j-1")),
                Status.Code.RESOURCE_EXHAUSTED,
                "task a-2: slot 0 is allocated to job j-1");
        assertMapped(
                new EndpointNotRunningException("TaskExecutorVerticle[e-1]"),
                Status.Code.UNAVAILABLE,
                "TaskExecutorVerticle[e-1] is not running");
    }

    @Test
    void anythingElseIsInternal() {
        assertMapped(new NullPointerException("oops"), Status.Code.INTERNAL, "oops");
    }

    private static void assertMapped(Throwable refusal, Status.Code code, String description) {
        StatusRuntimeException mapped = GrpcStatuses.of(refusal);
        assertThat(mapped.getStatus().getCode()).isEqualTo(code);
        assertThat(mapped.getStatus().getDescription()).isEqualTo(description);
    }
}
