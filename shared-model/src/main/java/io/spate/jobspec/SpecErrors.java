package io.spate.jobspec;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a spec, so they are reported at once rather than one per try. */
final class SpecErrors {

    private final List<String> errors = new ArrayList<>();

    void add(String path, String message) {
        errors.add(path + ": " + message);
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    int size() {
        return errors.size();
    }

    void throwIfAny() throws JobSpecException {
        if (!errors.isEmpty()) {
            throw new JobSpecException(errors);
        }
    }
}
