package io.spate.coordinator.usercode;

import io.spate.coordinator.config.CoordinatorConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Makes the jar store and the submission check injectable ({@code spate.jobs.*} keys). */
public final class UserCodeProducer {

    @Produces
    @Singleton
    JarStore jarStore(CoordinatorConfig config) {
        try {
            return new JarStore(
                    Path.of(config.jobs().jarDir()), config.jobs().maxJarSize().asLongValue());
        } catch (IOException e) {
            throw new UncheckedIOException("spate.jobs.jar-dir: " + e.getMessage(), e);
        }
    }

    @Produces
    @Singleton
    UserCodeCheck userCodeCheck(JarStore jars) {
        return new UserCodeCheck(jars);
    }
}
