package io.spate.coordinator.dispatcher;

/** No job with this id is running or in the history (REST: 404). */
public final class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(String jobId) {
        super("job " + jobId + " not found", null, false, false);
    }
}
