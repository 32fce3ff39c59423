package io.spate.cli;

import io.spate.cli.cluster.ProcessCluster;
import io.spate.cli.cluster.SpateHome;
import io.spate.cli.rest.CoordinatorClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Starts a coordinator and executors as processes, runs one job, prints its summary, stops them.
 */
@Command(
        name = "local",
        description = "Start a local cluster, run JOB, show progress, print the summary, stop.")
final class LocalCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "JOB.yaml", description = "the job spec (YAML or JSON)")
    Path spec;

    @Option(
            names = "--executors",
            defaultValue = "2",
            description = "executor processes (default ${DEFAULT-VALUE})")
    int executors;

    @Option(
            names = "--slots",
            defaultValue = "2",
            description = "slots per executor (default ${DEFAULT-VALUE})")
    int slots;

    @Override
    public Integer call() throws Exception {
        if (executors < 1 || slots < 1) {
            throw new SpateCli.UsageException("--executors and --slots must be >= 1");
        }
        byte[] body = JobSubmission.read(spec);
        List<String> outputs =
                JobSubmission.outputPaths(JobSubmission.validate(spec, body, System.err));
        SpateHome home = SpateHome.detect();
        Optional<String> token = CoordinatorClient.tokenFromEnvironment();
        Path work = home.root().resolve("spate-data/local");
        Map<String, String> common = token.map(t -> Map.of("spate.auth.token", t)).orElse(Map.of());
        long started = System.nanoTime();
        try (ProcessCluster cluster = new ProcessCluster(home, work, common)) {
            Thread cleanup = new Thread(cluster::close, "spate-local-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            cluster.startCoordinator(Map.of());
            for (int i = 0; i < executors; i++) {
                cluster.startExecutor(Map.of("spate.executor.slots", Integer.toString(slots)));
            }
            CoordinatorClient client = new CoordinatorClient(cluster.coordinatorUri(), token);
            cluster.awaitExecutors(client, executors, Duration.ofSeconds(60));
            System.out.printf(
                    "local cluster up in %.1f s: coordinator %s, %d executors x %d slots (logs in %s)%n",
                    (System.nanoTime() - started) / 1e9,
                    cluster.coordinatorUri(),
                    executors,
                    slots,
                    work.resolve("logs"));
            String jobId = JobSubmission.submit(client, spec, body, System.err);
            System.out.println("submitted job " + jobId);
            int exit = new JobFollower(client, System.out, System.console() != null).follow(jobId);
            Runtime.getRuntime().removeShutdownHook(cleanup);
            outputs.forEach(
                    path ->
                            System.out.println(
                                    "  output: " + home.root().resolve(path).normalize()));
            System.out.printf("total wall time %.1f s%n", (System.nanoTime() - started) / 1e9);
            return exit;
        }
    }
}
