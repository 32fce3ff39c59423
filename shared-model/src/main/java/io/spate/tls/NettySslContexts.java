package io.spate.tls;

import io.grpc.netty.GrpcSslContexts;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Builds Netty {@link SslContext}s from {@link TlsSettings}: one place decides the engine, the
 * identity, the trust and whether client certificates are required, for the data plane and the gRPC
 * clients alike. Contexts are immutable and thread-safe; build them once per process.
 */
public final class NettySslContexts {

    private NettySslContexts() {}

    /** The engine {@code settings.provider()} resolves to on this machine. */
    public static SslProvider provider(TlsSettings settings) {
        return switch (settings.provider()) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException(
                            TlsSettings.PREFIX
                                    + "provider: openssl was asked for but netty-tcnative does not"
                                    + " load here: "
                                    + OpenSsl.unavailabilityCause());
                }
                yield SslProvider.OPENSSL;
            }
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    /** A server context; with a trust bundle, clients must present a certificate it signed. */
    public static SslContext server(TlsSettings settings) throws IOException {
        SslContextBuilder builder =
                settings.keyStore().isPresent()
                        ? SslContextBuilder.forServer(keyManagers(settings))
                        : SslContextBuilder.forServer(
                                settings.cert().orElseThrow().toFile(),
                                settings.key().orElseThrow().toFile());
        settings.trust()
                .ifPresent(t -> builder.trustManager(t.toFile()).clientAuth(ClientAuth.REQUIRE));
        return builder.sslProvider(provider(settings)).build();
    }

    /** A client context for the data plane; presents this process' certificate when mutual. */
    public static SslContext client(TlsSettings settings) throws IOException {
        return clientBuilder(settings).build();
    }

    /** A client context for gRPC (HTTP/2 with ALPN). */
    public static SslContext grpcClient(TlsSettings settings) throws IOException {
        return GrpcSslContexts.configure(clientBuilder(settings), provider(settings)).build();
    }

    /**
     * A client handler that verifies the server's certificate names {@code host} (the address the
     * peer advertised), as HTTPS does.
     */
    public static SslHandler clientHandler(
            SslContext context, ByteBufAllocator alloc, String host, int port) {
        SslHandler handler = context.newHandler(alloc, host, port);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return handler;
    }

    private static SslContextBuilder clientBuilder(TlsSettings settings) throws IOException {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(provider(settings));
        settings.trust().ifPresent(t -> builder.trustManager(t.toFile()));
        if (settings.mutual()) {
            if (settings.keyStore().isPresent()) {
                builder.keyManager(keyManagers(settings));
            } else {
                builder.keyManager(
                        settings.cert().orElseThrow().toFile(),
                        settings.key().orElseThrow().toFile());
            }
        }
        return builder;
    }

    private static KeyManagerFactory keyManagers(TlsSettings settings) throws IOException {
        char[] password = settings.keyStorePassword().orElse("").toCharArray();
        try (InputStream in = Files.newInputStream(settings.keyStore().orElseThrow())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory factory =
                    KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory;
        } catch (GeneralSecurityException e) {
            throw new IOException(
                    TlsSettings.PREFIX
                            + "key-store: cannot load "
                            + settings.keyStore().get()
                            + " as PKCS#12: "
                            + e.getMessage(),
                    e);
        }
    }
}
