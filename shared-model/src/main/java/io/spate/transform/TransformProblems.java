package io.spate.transform;

/** Where a {@link SchemaRule} reports what is wrong with a transform's config or input. */
@FunctionalInterface
public interface TransformProblems {

    /**
     * @param key the config key at fault, or null when the fault is the transform's own (its input)
     * @param message what is wrong, for a user
     */
    void report(String key, String message);
}
