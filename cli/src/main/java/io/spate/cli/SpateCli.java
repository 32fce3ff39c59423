package io.spate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./spate}: the command line of src-docs/contracts.md §5. Exit 0 finished, 1
 * failed/canceled, 2 usage or spec error.
 */
@Command(
        name = "spate",
        mixinStandardHelpOptions = true,
        versionProvider = SpateCli.Version.class,
        description = "Run streaming jobs on a Spate cluster.",
        subcommands = {
            LocalCommand.class,
            ClusterCommand.class,
            RunCommand.class,
            ListCommand.class,
            StatusCommand.class,
            CancelCommand.class
        })
public final class SpateCli {

    static final int EXIT_OK = 0;
    static final int EXIT_JOB_FAILED = 1;
    static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new SpateCli());
        cli.setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                    cmd.getErr()
                            .println(
                                    "spate: "
                                            + (e.getMessage() != null
                                                    ? e.getMessage()
                                                    : e.toString()));
                    return e instanceof UsageException ? EXIT_USAGE : EXIT_JOB_FAILED;
                });
        return cli.execute(args);
    }

    /** A problem with what the user typed or wrote (exit code 2). */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SpateCli.class.getPackage().getImplementationVersion();
            return new String[] {"spate " + (v != null ? v : "dev")};
        }
    }
}
