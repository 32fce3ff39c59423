package io.spate.nativebuild;

import java.nio.file.Path;

/**
 * Where the reactor's build outputs are: {@code -Dspate.home} (set by the pom), else {@code ..}.
 */
final class SpateBuild {

    static final Path HOME =
            Path.of(System.getProperty("spate.home", "..")).toAbsolutePath().normalize();

    static final String VERSION = "0.1.0-SNAPSHOT";

    static Path target(String app) {
        return HOME.resolve(app).resolve("target");
    }

    private SpateBuild() {}
}
