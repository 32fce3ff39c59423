package io.spate.executor.network;

import io.netty.handler.ssl.SslContext;
import java.util.Optional;

/**
 * How data connections prove who is at the other end: a shared token (an HMAC handshake, {@code
 * spate.auth.token}) and/or TLS contexts ({@code spate.tls.*}). Both empty = an open data plane.
 *
 * @param token the shared secret; never sent, only MACs over fresh nonces
 * @param serverTls the data server's context (requires client certificates when mutual)
 * @param clientTls the context for connections to other executors
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
}
