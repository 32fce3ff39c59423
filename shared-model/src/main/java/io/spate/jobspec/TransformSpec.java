package io.spate.jobspec;

import io.spate.transform.TransformConfig;
import java.util.List;
import java.util.Objects;

/**
 * One transform of a job spec, defaults filled in.
 *
 * @param name as written, or generated: the type when no other transform has that type, else
 *     type-index (index in the transform list)
 * @param inputs as written, or the transform before it (none for a source)
 * @param parallelism as written, or the job's default
 */
public record TransformSpec(
        String name, String type, TransformConfig config, List<String> inputs, int parallelism) {

    public TransformSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(config, "config");
        inputs = List.copyOf(inputs);
    }
}
