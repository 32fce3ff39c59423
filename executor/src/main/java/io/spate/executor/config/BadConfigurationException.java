package io.spate.executor.config;

import java.util.List;

/**
 * One or more configuration values the executor cannot run with. Its message is a single line that
 * names every bad key with its value, e.g. {@code spate.executor.slots (-1) must be >= 1}.
 */
public final class BadConfigurationException extends RuntimeException {

    private final List<String> problems;

    public BadConfigurationException(List<String> problems) {
        super(String.join("; ", problems), null, false, false);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a bad configuration names at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
