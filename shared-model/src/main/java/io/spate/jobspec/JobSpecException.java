package io.spate.jobspec;

import java.util.List;

/**
 * A job spec is wrong: every problem found, each as {@code "<path>: <what is wrong>"} like {@code
 * pipeline.transforms[2].config.field: required}. The REST API answers it as 400 {@code {"errors":
 * [...]}}.
 */
public final class JobSpecException extends Exception {

    private final List<String> errors;

    public JobSpecException(List<String> errors) {
        super(String.join("; ", errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a spec error needs at least one message");
        }
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
