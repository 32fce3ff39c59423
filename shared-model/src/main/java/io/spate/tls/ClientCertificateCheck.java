package io.spate.tls;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Refuses gRPC calls (UNAUTHENTICATED) whose connection carries no client certificate, when {@code
 * spate.tls.trust} is set. The HTTP server shares its port with REST, which browsers and the CLI
 * reach without a certificate, so the handshake only requests one; this check makes it required for
 * the internal calls. A certificate that was presented has already been verified against {@code
 * spate.tls.trust} by the handshake (a foreign one ends the handshake).
 */
public final class ClientCertificateCheck implements ServerInterceptor {

    private final boolean required;

    public ClientCertificateCheck(TlsSettings settings) {
        this.required = settings.mutual();
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        if (required && !verifiedPeer(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION))) {
            call.close(
                    Status.UNAUTHENTICATED.withDescription(
                            "a client certificate signed by spate.tls.trust is required on "
                                    + call.getMethodDescriptor().getFullMethodName()),
                    new Metadata());
            return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
    }

    private static boolean verifiedPeer(SSLSession session) {
        if (session == null) {
            return false; // not TLS at all
        }
        try {
            return session.getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException noCertificate) {
            return false;
        }
    }
}
