package io.spate.jobspec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

/** Helpers for spec tests. */
final class Specs {

    private Specs() {}

    static JobSpec yaml(String text) throws JobSpecException {
        return JobSpecParser.parse(text, JobSpecFormat.YAML);
    }

    /** The errors parsing {@code text} reports; fails when it parses. */
    static List<String> errors(String text) {
        JobSpecException e = catchThrowableOfType(JobSpecException.class, () -> yaml(text));
        assertThat(e).as("expected the spec to be rejected:%n%s", text).isNotNull();
        return e.errors();
    }

    /** A valid spec around the given transform list (YAML, indented as list items). */
    static String job(String transforms) {
        return "name: test\npipeline:\n  transforms:\n" + transforms.stripTrailing() + "\n";
    }
}
