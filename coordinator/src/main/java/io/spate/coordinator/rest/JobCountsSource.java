package io.spate.coordinator.rest;

import io.smallrye.mutiny.Uni;

/**
 * Where {@code GET /overview} gets its job counts. The seam for the dispatcher: it provides a bean
 * of this type, which replaces {@link NoJobs}.
 */
public interface JobCountsSource {

    Uni<JobCounts> jobCounts();
}
