package io.spate.cli;

import io.spate.cli.cluster.SpateHome;
import io.spate.cli.rest.CoordinatorClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
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

    @Option(
            names = "--trust",
            paramLabel = "FILE",
            description =
                    "PEM CA bundle to verify an https:// coordinator with (spate.tls.trust; default:"
                            + " $SPATE_TLS_TRUST, else the JDK's CAs)")
    Path trust;

    CoordinatorClient client() {
        Optional<Path> ca = Optional.ofNullable(trust).or(CoordinatorClient::trustFromEnvironment);
        String base = url;
        if (base == null) {
            base =
                    BackgroundCluster.load(SpateHome.detect())
                            .map(c -> "localhost:" + c.coordinatorPort())
                            .orElse("localhost:8081");
        }
        if (!base.contains("://")) {
            // A CA to trust means the coordinator speaks TLS (it then serves HTTPS only).
            base = (ca.isPresent() ? "https://" : "http://") + base;
        }
        try {
            return new CoordinatorClient(
                    URI.create(base), CoordinatorClient.tokenFromEnvironment(), ca);
        } catch (IllegalArgumentException badTrustFile) {
            throw new SpateCli.UsageException(badTrustFile.getMessage());
        }
    }
}
