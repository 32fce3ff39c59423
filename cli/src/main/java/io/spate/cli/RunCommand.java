package io.spate.cli;

import io.spate.cli.rest.CoordinatorClient;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Submits a job to a running cluster and follows it (or returns at once with --detach). */
@Command(name = "run", description = "Submit JOB to a running cluster and follow it.")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "JOB.yaml")
    Path spec;

    @Mixin CoordinatorOption coordinator;

    @Option(
            names = "--detach",
            description = "print the job id and return without following the job")
    boolean detach;

    @Option(
            names = "--jar",
            paramLabel = "FILE",
            description =
                    "upload this jar of Java functions first and add it to the spec's jars"
                            + " (repeatable)")
    java.util.List<Path> jars = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        byte[] body = JobSubmission.read(spec);
        JobSubmission.validate(spec, body, System.err);
        CoordinatorClient client = coordinator.client();
        String jobId =
                jars.isEmpty()
                        ? JobSubmission.submit(client, spec, body, System.err)
                        : JobSubmission.submitWithJars(client, spec, body, jars, System.err);
        System.out.println(jobId);
        if (detach) {
            return SpateCli.EXIT_OK;
        }
        return new JobFollower(client, System.out, System.console() != null).follow(jobId);
    }
}
