package io.spate.coordinator.config;

import io.spate.rpc.AuthToken;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the checked settings (and what derives from them) injectable. */
public final class SettingsProducer {

    @Produces
    @Singleton
    CoordinatorSettings settings(CoordinatorConfig config) {
        return CoordinatorSettings.from(config);
    }

    @Produces
    @Singleton
    AuthToken authToken(CoordinatorSettings settings) {
        return new AuthToken(settings.authToken());
    }
}
