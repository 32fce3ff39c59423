package io.spate.executor.network.netty;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The MACs of the data plane's token handshake (see {@link NettyMessage}): each side proves it
 * knows {@code spate.auth.token} by a HMAC-SHA256 over both fresh nonces and a label naming its
 * direction. Thread-safe: every call makes its own {@link Mac}.
 */
final class PeerAuthenticator {
    private static final byte[] CLIENT_LABEL = "spate-data-client".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SERVER_LABEL = "spate-data-server".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    PeerAuthenticator(String token) {
        this.key = new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    static byte[] nonce() {
        byte[] n = new byte[NettyMessage.NONCE_LENGTH];
        RANDOM.nextBytes(n);
        return n;
    }

    /** What the client sends: proves the token over the server's nonce, then its own. */
    byte[] clientMac(byte[] serverNonce, byte[] clientNonce) {
        return mac(CLIENT_LABEL, serverNonce, clientNonce);
    }

    /** What the server answers: the same over the nonces in the other order, other label. */
    byte[] serverMac(byte[] serverNonce, byte[] clientNonce) {
        return mac(SERVER_LABEL, clientNonce, serverNonce);
    }

    /** Constant-time comparison, so a wrong MAC tells nothing about the right one. */
    static boolean matches(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }

    private byte[] mac(byte[] label, byte[] first, byte[] second) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(label);
            mac.update(first);
            mac.update(second);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
