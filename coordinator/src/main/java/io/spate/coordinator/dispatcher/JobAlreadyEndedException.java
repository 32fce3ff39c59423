package io.spate.coordinator.dispatcher;

import io.spate.coordinator.jobmaster.JobStatus;

/** A cancel of a job that has already ended (REST: 409). */
public final class JobAlreadyEndedException extends RuntimeException {

    public JobAlreadyEndedException(String jobId, JobStatus status) {
        super(
                "job " + jobId + " has already ended (" + status + "); nothing to cancel",
                null,
                false,
                false);
    }
}
