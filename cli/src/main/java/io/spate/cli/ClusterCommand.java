package io.spate.cli;

import io.spate.cli.cluster.ManagedProcess;
import io.spate.cli.cluster.ProcessCluster;
import io.spate.cli.cluster.SpateHome;
import io.spate.cli.rest.CoordinatorClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A local cluster that outlives the command: start, stop, status. */
@Command(
        name = "cluster",
        description = "Manage a background local cluster (pids and logs under spate-data/cluster).",
        subcommands = {
            ClusterCommand.Start.class,
            ClusterCommand.Stop.class,
            ClusterCommand.Status.class
        })
final class ClusterCommand {

    @Command(name = "start", description = "Start a coordinator and executors in the background.")
    static final class Start implements Callable<Integer> {
        @Option(names = "--executors", defaultValue = "2")
        int executors;

        @Option(names = "--slots", defaultValue = "2")
        int slots;

        @Override
        public Integer call() throws Exception {
            SpateHome home = SpateHome.detect();
            Optional<BackgroundCluster> running = BackgroundCluster.load(home);
            if (running.isPresent() && running.get().alive() > 0) {
                throw new SpateCli.UsageException(
                        "a cluster is running already (coordinator port "
                                + running.get().coordinatorPort()
                                + "); ./spate cluster stop first");
            }
            Optional<String> token = CoordinatorClient.tokenFromEnvironment();
            // Not closed: the processes are meant to outlive this command.
            ProcessCluster cluster =
                    new ProcessCluster(
                            home,
                            BackgroundCluster.dir(home),
                            token.map(t -> Map.of("spate.auth.token", t)).orElse(Map.of()));
            cluster.startCoordinator(Map.of());
            for (int i = 0; i < executors; i++) {
                cluster.startExecutor(Map.of("spate.executor.slots", Integer.toString(slots)));
            }
            List<Long> pids = new ArrayList<>();
            for (ManagedProcess p : cluster.processes()) {
                pids.add(p.pid());
            }
            new BackgroundCluster(cluster.coordinatorPort(), pids).save(home);
            try {
                cluster.awaitExecutors(
                        new CoordinatorClient(cluster.coordinatorUri(), token),
                        executors,
                        Duration.ofSeconds(60));
            } catch (Exception e) {
                cluster.close();
                BackgroundCluster.delete(home);
                throw e;
            }
            System.out.println(
                    "cluster up: coordinator "
                            + cluster.coordinatorUri()
                            + ", "
                            + executors
                            + " executors, pids "
                            + pids);
            return SpateCli.EXIT_OK;
        }
    }

    @Command(name = "stop", description = "Stop the background cluster.")
    static final class Stop implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            SpateHome home = SpateHome.detect();
            Optional<BackgroundCluster> c = BackgroundCluster.load(home);
            if (c.isEmpty()) {
                System.out.println("no background cluster");
                return SpateCli.EXIT_OK;
            }
            // Executors before the coordinator (the coordinator is first in the list).
            List<Long> pids = new ArrayList<>(c.get().pids());
            java.util.Collections.reverse(pids);
            for (long pid : pids) {
                ProcessHandle.of(pid)
                        .ifPresent(
                                p -> {
                                    p.destroy();
                                    try {
                                        p.onExit().get(5, TimeUnit.SECONDS);
                                    } catch (Exception e) {
                                        p.destroyForcibly();
                                    }
                                });
            }
            BackgroundCluster.delete(home);
            System.out.println("stopped " + pids.size() + " processes");
            return SpateCli.EXIT_OK;
        }
    }

    @Command(
            name = "status",
            description = "Show the background cluster's processes and executors.")
    static final class Status implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            SpateHome home = SpateHome.detect();
            Optional<BackgroundCluster> c = BackgroundCluster.load(home);
            if (c.isEmpty()) {
                System.out.println("no background cluster");
                return SpateCli.EXIT_JOB_FAILED;
            }
            System.out.println(
                    "coordinator http://localhost:"
                            + c.get().coordinatorPort()
                            + ", "
                            + c.get().alive()
                            + " of "
                            + c.get().pids().size()
                            + " processes alive, pids "
                            + c.get().pids());
            CoordinatorClient client =
                    new CoordinatorClient(
                            java.net.URI.create("http://localhost:" + c.get().coordinatorPort()),
                            CoordinatorClient.tokenFromEnvironment());
            System.out.println(client.get("overview").body().toPrettyString());
            return SpateCli.EXIT_OK;
        }
    }
}
