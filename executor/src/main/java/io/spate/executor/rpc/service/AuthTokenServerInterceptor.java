package io.spate.executor.rpc.service;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import io.spate.executor.config.ExecutorSettings;
import io.spate.rpc.AuthToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Refuses gRPC calls to this executor that lack {@code spate.auth.token} (UNAUTHENTICATED); lets
 * everything through when no token is configured.
 */
@ApplicationScoped
@GlobalInterceptor
public class AuthTokenServerInterceptor implements ServerInterceptor {

    private final ServerInterceptor delegate;

    @Inject
    public AuthTokenServerInterceptor(ExecutorSettings settings) {
        this.delegate = new AuthToken(settings.authToken()).serverInterceptor();
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        return delegate.interceptCall(call, headers, next);
    }
}
