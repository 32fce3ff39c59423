package io.spate.executor.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the checked {@link ExecutorSettings} injectable; a bad value fails the start here. */
public final class ExecutorSettingsProducer {

    @Produces
    @Singleton
    ExecutorSettings settings(ExecutorConfig config) {
        return ExecutorSettings.check(config, AdvertisedHost::detect);
    }
}
