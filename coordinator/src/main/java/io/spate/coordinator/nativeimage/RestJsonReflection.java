package io.spate.coordinator.nativeimage;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Keeps the JSON records the REST API writes inside a {@code Response} (202 {@code {"jobid"}}, the
 * 4xx {@code {"errors"}} bodies) in the native image: Quarkus REST registers a resource method's
 * declared return type by itself, but not an entity wrapped in a {@code Response}. Naming the
 * holder registers its nested records too; NativeSourcesTest fails the native-sources check for any
 * record still missing.
 */
@RegisterForReflection(classNames = "io.spate.coordinator.rest.JobsJson", ignoreNested = false)
final class RestJsonReflection {

    private RestJsonReflection() {}
}
