package io.spate.tls;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.spate.config.BadConfigurationException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Translates {@code spate.tls.*} into the Quarkus keys that make the unified HTTP server (REST,
 * dashboard and gRPC) speak only HTTPS on {@code quarkus.http.port}, so a user sets one family of
 * keys for every surface. Registered in META-INF/services; its source ranks below environment
 * variables and system properties (300, 400), so an explicit {@code quarkus.*} value there still
 * wins.
 *
 * <p>{@code quarkus.http.ssl.client-auth} is a build-time key and cannot follow {@code
 * spate.tls.trust}: the applications fix it to {@code request} in application.properties, and the
 * gRPC interceptors refuse calls without a verified certificate (REST stays reachable with a bearer
 * token only).
 */
public final class QuarkusTlsConfigSourceFactory implements ConfigSourceFactory {

    /** Between application.properties (250) and environment variables (300). */
    static final int ORDINAL = 275;

    static final String NAME = "spate.tls (derived quarkus.tls.* and quarkus.http.*)";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Optional<String> enabled = value(context, "enabled");
        if (enabled.isEmpty() || !parseEnabled(enabled.get())) {
            return List.of();
        }
        TlsSettings settings =
                new TlsSettings(
                        true,
                        value(context, "key").map(Path::of),
                        value(context, "cert").map(Path::of),
                        value(context, "key-store").map(Path::of),
                        value(context, "key-store-password"),
                        value(context, "trust").map(Path::of),
                        TlsSettings.Provider.AUTO);
        List<String> problems = settings.problems();
        value(context, "provider")
                .ifPresent(
                        p -> {
                            try {
                                TlsSettings.parseProvider(p);
                            } catch (IllegalArgumentException e) {
                                problems.add(e.getMessage());
                            }
                        });
        if (!problems.isEmpty()) {
            // Stop here rather than start a plaintext server, or let the TLS registry fail later
            // with a stack trace: the process' main prints these lines only.
            throw new BadConfigurationException(problems);
        }
        return List.of(new PropertiesConfigSource(quarkusKeys(settings), NAME, ORDINAL));
    }

    /** The Quarkus keys for usable, enabled {@code settings}. */
    static Map<String, String> quarkusKeys(TlsSettings settings) {
        Map<String, String> keys = new LinkedHashMap<>();
        if (settings.keyStore().isPresent()) {
            keys.put("quarkus.tls.key-store.p12.path", settings.keyStore().get().toString());
            keys.put("quarkus.tls.key-store.p12.password", settings.keyStorePassword().orElse(""));
        } else {
            keys.put(
                    "quarkus.tls.key-store.pem.spate.key", settings.key().orElseThrow().toString());
            keys.put(
                    "quarkus.tls.key-store.pem.spate.cert",
                    settings.cert().orElseThrow().toString());
        }
        settings.trust()
                .ifPresent(t -> keys.put("quarkus.tls.trust-store.pem.certs", t.toString()));
        // HTTPS on the port users already know (8081, 8082, or 0 = any free one), HTTP nowhere.
        keys.put("quarkus.http.ssl-port", "${quarkus.http.port:8080}");
        keys.put("quarkus.http.test-ssl-port", "${quarkus.http.test-port:8081}");
        keys.put("quarkus.http.insecure-requests", "disabled");
        return keys;
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static Optional<String> value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(TlsSettings.PREFIX + name);
        return Optional.ofNullable(value == null ? null : value.getValue())
                .map(String::trim)
                .filter(v -> !v.isEmpty());
    }

    private static boolean parseEnabled(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default ->
                    throw new BadConfigurationException(
                            List.of(
                                    TlsSettings.PREFIX
                                            + "enabled ("
                                            + value
                                            + ") must be true or false"));
        };
    }
}
