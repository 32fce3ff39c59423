package io.spate.coordinator.security;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import io.spate.tls.ClientCertificateCheck;
import io.spate.tls.TlsConfig;
import jakarta.inject.Singleton;

/**
 * Refuses gRPC calls to the coordinator without a client certificate when {@code spate.tls.trust}
 * is set (mutual TLS); REST on the same port is guarded by the bearer token instead.
 */
@Singleton
@GlobalInterceptor
public final class ClientCertificateGrpcInterceptor implements ServerInterceptor {

    private final ServerInterceptor check;

    ClientCertificateGrpcInterceptor(TlsConfig tls) {
        this.check = new ClientCertificateCheck(tls.settings());
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        return check.interceptCall(call, headers, next);
    }
}
