package io.spate.executor.network;

import java.util.Optional;

/**
 * How data connections prove who is at the other end: with a cluster token ({@code
 * spate.auth.token}) every connection starts with an HMAC handshake over a secret derived from it
 * (see {@code NettyMessage}); without one the data plane is unauthenticated, as before issue 13.
 *
 * @param token the cluster token; never sent, only MACs over fresh nonces
 */
public record PeerSecurity(Optional<String> token) {

    public PeerSecurity {
        token = token.filter(t -> !t.isBlank());
    }

    public static PeerSecurity none() {
        return new PeerSecurity(Optional.empty());
    }

    public static PeerSecurity token(String token) {
        return new PeerSecurity(Optional.of(token));
    }
}
