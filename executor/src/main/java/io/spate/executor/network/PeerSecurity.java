package io.spate.executor.network;

import io.netty.handler.ssl.SslContext;
import java.util.Optional;

/**
 * How data connections prove who is at the other end (src-docs/security.md "Data plane"). With a
 * cluster token ({@code spate.auth.token}) every connection starts with an HMAC handshake over
 * fresh nonces (see {@code NettyMessage}); with TLS ({@code spate.tls.*}) the server asks for the
 * client's certificate and the client checks the server's, both against the cluster CA. Either,
 * both, or neither (a trusted network only).
 *
 * @param token the cluster token; never sent, only MACs over fresh nonces
 * @param serverTls the context the data server wraps each accepted connection in
 * @param clientTls the context a consumer wraps each connection to a producer in
 */
public record PeerSecurity(
        Optional<String> token, Optional<SslContext> serverTls, Optional<SslContext> clientTls) {

    public PeerSecurity {
        token = token.filter(t -> !t.isBlank());
        if (serverTls.isPresent() != clientTls.isPresent()) {
            throw new IllegalArgumentException("TLS needs both a server and a client context");
        }
    }

    public static PeerSecurity none() {
        return new PeerSecurity(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static PeerSecurity token(String token) {
        return new PeerSecurity(Optional.of(token), Optional.empty(), Optional.empty());
    }

    public PeerSecurity withTls(SslContext server, SslContext client) {
        return new PeerSecurity(token, Optional.of(server), Optional.of(client));
    }

    /** What a log line or an error says about it. */
    public String describe() {
        String tls = serverTls.isPresent() ? "TLS" : "no TLS";
        return token.isPresent() ? tls + ", token handshake" : tls + ", no token";
    }
}
