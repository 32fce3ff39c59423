package io.spate.coordinator.jobmaster;

/**
 * What remains of an ended job, kept by the dispatcher's history (Flink: ArchivedExecutionGraph).
 */
public record ArchivedJob(
        JobDetails details,
        JobExceptions exceptions,
        io.spate.coordinator.checkpoint.CheckpointStats checkpoints) {

    public String jobId() {
        return details.summary().jobId();
    }
}
