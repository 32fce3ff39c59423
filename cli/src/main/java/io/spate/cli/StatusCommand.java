package io.spate.cli;

import io.spate.cli.rest.CoordinatorClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Prints one job's state and vertices. */
@Command(name = "status", description = "Show a job.")
final class StatusCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "JOBID")
    String jobId;

    @Mixin CoordinatorOption coordinator;

    @Override
    public Integer call() throws Exception {
        CoordinatorClient.Answer a = coordinator.client().get("jobs/" + jobId);
        if (a.status() == 404) {
            throw new SpateCli.UsageException("no job " + jobId);
        }
        System.out.println(a.body().toPrettyString());
        return SpateCli.EXIT_OK;
    }
}
