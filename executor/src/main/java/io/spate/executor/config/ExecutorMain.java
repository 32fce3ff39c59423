package io.spate.executor.config;

import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.spate.config.StartupFailures;

/**
 * The executor process' entry point. It runs Quarkus with an exit handler so that a start refused
 * for a bad configuration value ends with one line naming the key — {@code spate: bad
 * configuration: spate.executor.slots (-1) must be >= 1} — and exit code 2, never a stack trace.
 * The line is {@link StartupFailures}' (the coordinator's too).
 */
@QuarkusMain
public final class ExecutorMain {

    /** Exit code of a refused configuration (as the CLI's usage errors). */
    static final int EXIT_BAD_CONFIGURATION = 2;

    ExecutorMain() {}

    public static void main(String... args) {
        for (String arg : args) {
            // `java -jar quarkus-run.jar -Dkey=value`: after -jar these are program arguments,
            // which Quarkus ignores; taking them as system properties makes both spellings work.
            int equals = arg.indexOf('=');
            if (arg.startsWith("-D") && equals > 2) {
                System.setProperty(arg.substring(2, equals), arg.substring(equals + 1));
            } else {
                System.err.println(
                        "spate: unexpected argument '"
                                + arg
                                + "'; set configuration with -Dkey=value");
                System.exit(EXIT_BAD_CONFIGURATION);
            }
        }
        Quarkus.run(null, ExecutorMain::exit, args);
    }

    private static void exit(Integer exitCode, Throwable failure) {
        if (failure == null) {
            ApplicationLifecycleManager.getDefaultExitCodeHandler().accept(exitCode, null);
            return;
        }
        String badConfiguration = StartupFailures.configurationProblem(failure);
        if (badConfiguration != null) {
            System.err.println(badConfiguration);
            System.err.flush();
            ApplicationLifecycleManager.getDefaultExitCodeHandler()
                    .accept(EXIT_BAD_CONFIGURATION, null);
            return;
        }
        // Anything else is a real fault: keep the whole story.
        System.err.println("spate: executor failed to start: " + failure);
        failure.printStackTrace();
        ApplicationLifecycleManager.getDefaultExitCodeHandler().accept(exitCode, null);
    }
}
