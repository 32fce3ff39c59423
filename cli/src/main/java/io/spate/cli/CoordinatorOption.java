package io.spate.cli;

import io.spate.cli.cluster.SpateHome;
import io.spate.cli.rest.CoordinatorClient;
import java.net.URI;
import picocli.CommandLine.Option;

/**
 * {@code --coordinator URL}; defaults to the background cluster of {@code ./spate cluster start},
 * else localhost:8081.
 */
final class CoordinatorOption {

    @Option(
            names = "--coordinator",
            paramLabel = "URL",
            description =
                    "coordinator REST address (default: the local background cluster, else http://localhost:8081)")
    String url;

    CoordinatorClient client() {
        String base = url;
        if (base == null) {
            base =
                    BackgroundCluster.load(SpateHome.detect())
                            .map(c -> "http://localhost:" + c.coordinatorPort())
                            .orElse("http://localhost:8081");
        }
        if (!base.contains("://")) {
            base = "http://" + base;
        }
        return new CoordinatorClient(URI.create(base), CoordinatorClient.tokenFromEnvironment());
    }
}
