package io.spate.coordinator.dispatcher;

import io.smallrye.mutiny.Uni;
import io.spate.coordinator.rest.JobCounts;
import io.spate.coordinator.rest.JobCountsSource;
import io.spate.coordinator.rpc.VertxHops;
import jakarta.inject.Singleton;

/** {@code GET /overview}'s job counts, from the dispatcher (replaces the default NoJobs). */
@Singleton
final class DispatcherJobCounts implements JobCountsSource {

    private final DispatcherVerticle dispatcher;

    DispatcherJobCounts(DispatcherVerticle dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public Uni<JobCounts> jobCounts() {
        return VertxHops.backToCaller(dispatcher.jobCounts());
    }
}
