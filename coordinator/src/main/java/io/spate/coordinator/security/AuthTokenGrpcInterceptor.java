package io.spate.coordinator.security;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import io.spate.rpc.AuthToken;
import jakarta.inject.Singleton;

/** Refuses gRPC calls without {@code spate.auth.token} (UNAUTHENTICATED); open when unset. */
@Singleton
@GlobalInterceptor
public final class AuthTokenGrpcInterceptor implements ServerInterceptor {

    private final ServerInterceptor check;

    AuthTokenGrpcInterceptor(AuthToken token) {
        this.check = token.serverInterceptor();
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        return check.interceptCall(call, headers, next);
    }
}
