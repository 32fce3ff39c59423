package io.spate.coordinator.rest;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Job counts while the coordinator has no dispatcher yet: nothing ever ran. */
@Singleton
@DefaultBean
final class NoJobs implements JobCountsSource {

    @Override
    public Uni<JobCounts> jobCounts() {
        return Uni.createFrom().item(JobCounts.NONE);
    }
}
