package io.spate.cli;

import io.spate.cli.rest.CoordinatorClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Cancels a job. */
@Command(name = "cancel", description = "Cancel a job.")
final class CancelCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "JOBID")
    String jobId;

    @Mixin CoordinatorOption coordinator;

    @Override
    public Integer call() throws Exception {
        CoordinatorClient.Answer a = coordinator.client().cancel(jobId);
        if (a.status() == 404) {
            throw new SpateCli.UsageException("no job " + jobId);
        }
        if (!a.ok()) {
            System.err.println("spate: cancel answered " + a.status() + ": " + a.body());
            return SpateCli.EXIT_JOB_FAILED;
        }
        System.out.println("cancelling " + jobId);
        return SpateCli.EXIT_OK;
    }
}
