package io.spate.config;

import java.util.List;

/**
 * One or more configuration keys have values the process cannot run with. The message is one line
 * naming every bad key, meant to be printed as-is when the process refuses to start.
 */
public final class BadConfigurationException extends RuntimeException {

    public static final String PREFIX = "spate: bad configuration: ";

    private final List<String> problems;

    public BadConfigurationException(List<String> problems) {
        super(PREFIX + String.join("; ", problems), null, false, false);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a bad configuration needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Each problem as {@code key (value) what is wrong}. */
    public List<String> problems() {
        return problems;
    }
}
