package io.spate.coordinator.dispatcher;

/** No job with this id is running or in the history (REST: 404). */
public final class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(String jobId) {
        super("job " + jobId + " not found", null, false, false);
    }

    /** The job exists but has no vertex {@code vertexId}. */
    public JobNotFoundException(String jobId, String vertexId) {
        super("job " + jobId + " has no vertex " + vertexId, null, false, false);
    }
}
