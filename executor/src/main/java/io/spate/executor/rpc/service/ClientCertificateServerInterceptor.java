package io.spate.executor.rpc.service;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import io.spate.tls.ClientCertificateCheck;
import io.spate.tls.TlsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Refuses gRPC calls to this executor without a client certificate when {@code spate.tls.trust} is
 * set (mutual TLS): only a process holding a certificate of the cluster's CA may deploy or cancel
 * tasks here.
 */
@ApplicationScoped
@GlobalInterceptor
public class ClientCertificateServerInterceptor implements ServerInterceptor {

    private final ServerInterceptor delegate;

    @Inject
    public ClientCertificateServerInterceptor(TlsConfig tls) {
        this.delegate = new ClientCertificateCheck(tls.settings());
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        return delegate.interceptCall(call, headers, next);
    }
}
