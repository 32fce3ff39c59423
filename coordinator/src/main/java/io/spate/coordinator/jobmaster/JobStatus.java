package io.spate.coordinator.jobmaster;

/** A job's state as the REST API shows it (src-docs/contracts.md §3, Flink's JobStatus names). */
public enum JobStatus {
    /** Submitted; waiting for slots. */
    CREATED,
    /** Its tasks are deployed (or on their way). */
    RUNNING,
    /** Waiting to restart after a failure (the restart strategy's delay). */
    RESTARTING,
    FINISHED,
    /** Cancel requested; waiting for the tasks to confirm. */
    CANCELLING,
    CANCELED,
    FAILED;

    /** Whether the job has ended: it never changes state again. */
    public boolean isTerminal() {
        return this == FINISHED || this == CANCELED || this == FAILED;
    }
}
