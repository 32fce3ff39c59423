package io.spate.rpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The shared secret of {@code spate.auth.token}: clients attach it to every gRPC call as {@code
 * authorization: Bearer <token>}; servers refuse calls without it with UNAUTHENTICATED.
 */
public final class AuthToken {

    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Optional<String> token;

    public AuthToken(Optional<String> token) {
        this.token = token.filter(t -> !t.isBlank());
    }

    public boolean enabled() {
        return token.isPresent();
    }

    /** Whether an {@code Authorization} header value carries the token (constant-time compare). */
    public boolean accepts(String authorizationHeader) {
        if (token.isEmpty()) {
            return true;
        }
        if (authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token.get().getBytes(StandardCharsets.UTF_8));
    }

    /** Attaches the token to every outgoing call (no-op when no token is configured). */
    public ClientInterceptor clientInterceptor() {
        return new ClientInterceptor() {
            @Override
            public <Q, A> ClientCall<Q, A> interceptCall(
                    MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(
                        next.newCall(method, options)) {
                    @Override
                    public void start(Listener<A> listener, Metadata headers) {
                        token.ifPresent(t -> headers.put(AUTHORIZATION, "Bearer " + t));
                        super.start(listener, headers);
                    }
                };
            }
        };
    }

    /** Refuses incoming calls that lack the token. */
    public ServerInterceptor serverInterceptor() {
        return new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(
                    ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
                if (!accepts(headers.get(AUTHORIZATION))) {
                    call.close(
                            Status.UNAUTHENTICATED.withDescription(
                                    "missing or wrong auth token (spate.auth.token) on "
                                            + call.getMethodDescriptor().getFullMethodName()),
                            new Metadata());
                    return new ServerCall.Listener<>() {};
                }
                return next.startCall(call, headers);
            }
        };
    }
}
