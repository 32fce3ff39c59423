package io.spate.jobspec;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository that tests check, found from the module directory Surefire runs in. */
final class Repo {

    private Repo() {}

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no examples/ above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
