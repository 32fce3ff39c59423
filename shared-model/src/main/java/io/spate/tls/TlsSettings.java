package io.spate.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The {@code spate.tls.*} keys, one set of keys for all three surfaces (REST, gRPC, data plane).
 * The identity is a PEM key and certificate chain ({@code spate.tls.key}, {@code spate.tls.cert})
 * or a PKCS#12 key store ({@code spate.tls.key-store}, {@code spate.tls.key-store-password}). With
 * {@code spate.tls.trust} (a PEM CA bundle) peers are verified against that bundle and internal
 * connections must present a certificate it signed (mutual TLS); without it, peers are verified
 * against the JDK's default trust store and clients present no certificate.
 */
public record TlsSettings(
        boolean enabled,
        Optional<Path> key,
        Optional<Path> cert,
        Optional<Path> keyStore,
        Optional<String> keyStorePassword,
        Optional<Path> trust,
        Provider provider) {

    public static final String PREFIX = "spate.tls.";

    /** Which TLS engine Netty uses: OpenSSL (netty-tcnative) when it loads, or the JDK's. */
    public enum Provider {
        AUTO,
        JDK,
        OPENSSL
    }

    public TlsSettings {
        key = key.filter(p -> !p.toString().isBlank());
        cert = cert.filter(p -> !p.toString().isBlank());
        keyStore = keyStore.filter(p -> !p.toString().isBlank());
        trust = trust.filter(p -> !p.toString().isBlank());
    }

    public static TlsSettings disabled() {
        return new TlsSettings(
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Provider.AUTO);
    }

    /** Reads {@code spate.tls.*}; call {@link #problems()} before using the result. */
    public static TlsSettings from(Config config) {
        return new TlsSettings(
                config.getOptionalValue(PREFIX + "enabled", Boolean.class).orElse(false),
                config.getOptionalValue(PREFIX + "key", String.class).map(Path::of),
                config.getOptionalValue(PREFIX + "cert", String.class).map(Path::of),
                config.getOptionalValue(PREFIX + "key-store", String.class).map(Path::of),
                config.getOptionalValue(PREFIX + "key-store-password", String.class),
                config.getOptionalValue(PREFIX + "trust", String.class).map(Path::of),
                parseProvider(
                        config.getOptionalValue(PREFIX + "provider", String.class).orElse("auto")));
    }

    /** Whether internal peers must present a certificate signed by {@link #trust()}. */
    public boolean mutual() {
        return enabled && trust.isPresent();
    }

    /** Every problem with these settings, each naming its key; empty when usable. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!enabled) {
            return problems;
        }
        boolean pem = key.isPresent() || cert.isPresent();
        if (pem && keyStore.isPresent()) {
            problems.add(
                    PREFIX
                            + "key-store: give either spate.tls.key and spate.tls.cert (PEM) or a"
                            + " PKCS#12 key store, not both");
        } else if (keyStore.isPresent()) {
            readable(problems, "key-store", keyStore.get());
        } else {
            if (key.isEmpty()) {
                problems.add(
                        PREFIX + "key: required when spate.tls.enabled=true (a PEM private key)");
            } else {
                readable(problems, "key", key.get());
            }
            if (cert.isEmpty()) {
                problems.add(
                        PREFIX
                                + "cert: required when spate.tls.enabled=true (a PEM certificate"
                                + " chain)");
            } else {
                readable(problems, "cert", cert.get());
            }
        }
        trust.ifPresent(t -> readable(problems, "trust", t));
        return problems;
    }

    private static void readable(List<String> problems, String name, Path file) {
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            problems.add(PREFIX + name + ": cannot read file " + file.toAbsolutePath());
        }
    }

    static Provider parseProvider(String value) {
        try {
            return Provider.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    PREFIX + "provider: '" + value + "' is not one of auto, jdk, openssl");
        }
    }
}
