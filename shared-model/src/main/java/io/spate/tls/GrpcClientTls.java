package io.spate.tls;

import io.grpc.netty.NegotiationType;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContext;
import io.spate.config.BadConfigurationException;
import java.io.IOException;
import java.util.List;

/**
 * How this process' gRPC channels to its peers are secured: plaintext, or TLS verifying the peer's
 * certificate and host name (the address it is dialled at must be in its certificate's SAN) and,
 * with {@code spate.tls.trust}, presenting this process' certificate. One instance per process: the
 * TLS context is built once and shared by all channels.
 */
public final class GrpcClientTls {

    private static final GrpcClientTls PLAINTEXT = new GrpcClientTls(null);

    private final SslContext context;

    private GrpcClientTls(SslContext context) {
        this.context = context;
    }

    /** Plaintext channels: {@code spate.tls.enabled=false}, and tests without TLS. */
    public static GrpcClientTls plaintext() {
        return PLAINTEXT;
    }

    /**
     * Channels as {@code settings} say.
     *
     * @throws BadConfigurationException when the key, certificate or trust bundle cannot be used
     */
    public static GrpcClientTls from(TlsSettings settings) {
        if (!settings.enabled()) {
            return PLAINTEXT;
        }
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new BadConfigurationException(problems);
        }
        try {
            return new GrpcClientTls(NettySslContexts.grpcClient(settings));
        } catch (IOException | IllegalArgumentException e) {
            throw new BadConfigurationException(
                    List.of(
                            TlsSettings.PREFIX
                                    + "key/cert/key-store/trust: cannot be used for gRPC clients: "
                                    + e.getMessage()));
        }
    }

    public boolean enabled() {
        return context != null;
    }

    /** {@code builder}, set to use TLS or plaintext. */
    public NettyChannelBuilder configure(NettyChannelBuilder builder) {
        if (context == null) {
            return builder.usePlaintext();
        }
        return builder.negotiationType(NegotiationType.TLS).sslContext(context);
    }
}
