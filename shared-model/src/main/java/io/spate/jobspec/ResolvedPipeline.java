package io.spate.jobspec;

import io.spate.transform.TransformCatalog;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A job spec that passed every check: its transforms in topological order (each after the ones it
 * reads; among independent ones, in spec order), with schemas and key fields.
 */
public record ResolvedPipeline(JobSpec spec, List<ResolvedTransform> transforms) {

    public ResolvedPipeline {
        transforms = List.copyOf(transforms);
    }

    /**
     * Checks {@code spec} as a whole: names, inputs, cycles, kinds, keys and schemas.
     *
     * @throws JobSpecException with every problem found
     */
    public static ResolvedPipeline resolve(JobSpec spec) throws JobSpecException {
        SpecErrors errors = new SpecErrors();
        Optional<ResolvedPipeline> resolved =
                new PipelineResolver(spec, TransformCatalog.BUILT_IN, errors, Set.of()).resolve();
        errors.throwIfAny();
        return resolved.orElseThrow();
    }

    public Optional<ResolvedTransform> transform(String name) {
        return transforms.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The transforms that read {@code name}, in topological order. */
    public List<ResolvedTransform> consumers(String name) {
        return transforms.stream().filter(t -> t.inputs().contains(name)).toList();
    }
}
