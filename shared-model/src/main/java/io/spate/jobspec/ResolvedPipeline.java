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

    /** What an input name reads: a transform's main output, or a side output ({@code W.late}). */
    public record Producer(ResolvedTransform transform, Optional<String> sideOutput) {}

    /** The producer an input name (as a transform lists it) reads. */
    public Producer producer(String input) {
        Optional<ResolvedTransform> main = transform(input);
        if (main.isPresent()) {
            return new Producer(main.get(), Optional.empty());
        }
        int dot = input.lastIndexOf('.');
        if (dot > 0) {
            Optional<ResolvedTransform> owner = transform(input.substring(0, dot));
            if (owner.isPresent()) {
                return new Producer(owner.get(), Optional.of(input.substring(dot + 1)));
            }
        }
        throw new IllegalArgumentException("no transform or side output " + input);
    }

    public Optional<ResolvedTransform> transform(String name) {
        return transforms.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The transforms that read {@code name}, in topological order. */
    public List<ResolvedTransform> consumers(String name) {
        return transforms.stream()
                .filter(
                        t ->
                                t.inputs().stream()
                                        .anyMatch(
                                                in ->
                                                        in.equals(name)
                                                                || in.startsWith(name + ".")
                                                                        && transform(in).isEmpty()))
                .toList();
    }
}
