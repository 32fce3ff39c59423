package io.spate.executor.tls;

import io.spate.tls.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Certificates made by bin/spate-certs (the command users run) into a temporary directory. */
public final class TestCertificates {

    private TestCertificates() {}

    /** A new CA and cluster certificate in a fresh temporary directory. */
    public static Path create(String name) {
        try {
            Path dir = Files.createTempDirectory("spate-certs-" + name);
            Path script = Path.of("..", "bin", "spate-certs").toAbsolutePath().normalize();
            Process p =
                    new ProcessBuilder("bash", script.toString(), dir.toString())
                            .redirectErrorStream(true)
                            .start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("bin/spate-certs failed: " + out);
            }
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Mutual-TLS settings with the key and certificate of {@code identity}, trusting {@code ca}.
     */
    public static TlsSettings settings(Path identity, Path ca) {
        return new TlsSettings(
                true,
                Optional.of(identity.resolve("key.pem")),
                Optional.of(identity.resolve("cert.pem")),
                Optional.empty(),
                Optional.empty(),
                Optional.of(ca.resolve("ca.pem")),
                TlsSettings.Provider.JDK);
    }
}
