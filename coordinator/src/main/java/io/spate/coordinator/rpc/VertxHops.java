package io.spate.coordinator.rpc;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Brings a verticle's answer back onto the thread of the request that asked for it. */
public final class VertxHops {

    private VertxHops() {}

    /**
     * A {@link Uni} of {@code answer} that emits on the caller's Vert.x context (the HTTP/gRPC
     * request's), so the response is written from the connection's own event loop.
     */
    public static <T> Uni<T> backToCaller(Future<T> answer) {
        Context caller = Vertx.currentContext();
        Uni<T> uni = Uni.createFrom().completionStage(answer.toCompletionStage());
        return caller == null ? uni : uni.emitOn(task -> caller.runOnContext(v -> task.run()));
    }
}
