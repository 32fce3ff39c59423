package io.spate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Lists the coordinator's jobs. */
@Command(name = "list", description = "List jobs.")
final class ListCommand implements Callable<Integer> {

    @Mixin CoordinatorOption coordinator;

    @Override
    public Integer call() throws Exception {
        JsonNode jobs = coordinator.client().get("jobs/overview").body().path("jobs");
        System.out.printf(
                Locale.ROOT, "%-32s  %-10s  %10s  %s%n", "JOB ID", "STATE", "DURATION", "NAME");
        for (JsonNode j : jobs) {
            System.out.printf(
                    Locale.ROOT,
                    "%-32s  %-10s  %9.1fs  %s%n",
                    j.path("jid").asText(),
                    j.path("state").asText(),
                    j.path("duration").asLong() / 1000.0,
                    j.path("name").asText());
        }
        return SpateCli.EXIT_OK;
    }
}
