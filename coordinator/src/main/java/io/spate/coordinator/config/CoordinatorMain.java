package io.spate.coordinator.config;

import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.spate.config.StartupFailures;

/**
 * The coordinator's entry point. It exists so that a bad configuration ends the process with one
 * line naming the key instead of a framework stack trace (Quarkus' own failure log is switched off
 * in application.properties; other failures still print their full trace here).
 */
@QuarkusMain
public final class CoordinatorMain {

    CoordinatorMain() {}

    public static void main(String... args) {
        Quarkus.run(
                null,
                (exitCode, failure) -> {
                    if (failure != null) {
                        String line = StartupFailures.configurationProblem(failure);
                        if (line != null) {
                            System.err.println(line);
                        } else {
                            System.err.println("spate: coordinator failed to start: " + failure);
                            failure.printStackTrace();
                        }
                    }
                    // Quarkus' own handler, not System.exit: in dev mode a hot reload stops the app
                    // and
                    // must not end the process.
                    ApplicationLifecycleManager.getDefaultExitCodeHandler().accept(exitCode, null);
                },
                args);
    }
}
