package io.spate.coordinator.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** Checks the configuration first thing at start, so a bad value stops the process at once. */
@Singleton
final class SettingsCheck {

    void onStart(
            @Observes @jakarta.annotation.Priority(1) StartupEvent event,
            CoordinatorSettings settings) {
        // Injecting the settings is the check: CoordinatorSettings.from throws on a bad value.
    }
}
