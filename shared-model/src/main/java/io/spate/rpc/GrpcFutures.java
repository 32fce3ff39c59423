package io.spate.rpc;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Bridges grpc-java's future stubs to {@link CompletableFuture}. */
public final class GrpcFutures {

    private GrpcFutures() {}

    /**
     * Completes on the thread that completes {@code future} (the channel's transport thread when
     * the channel uses a direct executor): callers must hop to their own thread themselves.
     */
    public static <T> CompletableFuture<T> toCompletable(ListenableFuture<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Futures.addCallback(
                future,
                new FutureCallback<>() {
                    @Override
                    public void onSuccess(T value) {
                        result.complete(value);
                    }

                    @Override
                    public void onFailure(Throwable failure) {
                        result.completeExceptionally(failure);
                    }
                },
                MoreExecutors.directExecutor());
        return result;
    }

    /**
     * What a failed call says, for logs and failure causes: the cause's message ({@code
     * CompletionException} unwrapped), or its class name when it has none.
     */
    public static String describe(Throwable failure) {
        Throwable cause = cause(failure);
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** The failure a future completed with, {@code CompletionException} unwrapped. */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
    }
}
