package io.spate.coordinator.nativeimage;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Keeps the jar API's JSON records (upload answer, {@code GET /jars}) in the native image, for the
 * same reason as {@link RestJsonReflection}: some are written inside a {@code Response}.
 */
@RegisterForReflection(classNames = "io.spate.coordinator.rest.JarsResource", ignoreNested = false)
final class JarsJsonReflection {

    private JarsJsonReflection() {}
}
