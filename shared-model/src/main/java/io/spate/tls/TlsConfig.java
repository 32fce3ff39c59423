package io.spate.tls;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code spate.tls.*} keys as SmallRye maps them, in every process that has them (a mapping of
 * its own, so SmallRye, which refuses unknown {@code spate.*} keys as typos, knows them). Read them
 * through {@link #settings()}.
 */
@ConfigMapping(prefix = "spate.tls")
public interface TlsConfig {

    @WithDefault("false")
    boolean enabled();

    Optional<String> key();

    Optional<String> cert();

    Optional<String> keyStore();

    Optional<String> keyStorePassword();

    Optional<String> trust();

    @WithDefault("auto")
    String provider();

    /** These keys as {@link TlsSettings}; call {@link TlsSettings#problems()} before using them. */
    default TlsSettings settings() {
        return new TlsSettings(
                enabled(),
                key().map(Path::of),
                cert().map(Path::of),
                keyStore().map(Path::of),
                keyStorePassword(),
                trust().map(Path::of),
                TlsSettings.parseProvider(provider()));
    }
}
