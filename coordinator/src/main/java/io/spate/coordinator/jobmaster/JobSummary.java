package io.spate.coordinator.jobmaster;

/**
 * One line of {@code GET /jobs/overview}. Times are epoch milliseconds; {@code endTime} is -1 while
 * the job runs.
 */
public record JobSummary(
        String jobId, String name, JobStatus status, long startTime, long endTime) {

    /** Milliseconds from start to end, or to {@code nowMillis} while it runs. */
    public long duration(long nowMillis) {
        return (endTime < 0 ? nowMillis : endTime) - startTime;
    }
}
