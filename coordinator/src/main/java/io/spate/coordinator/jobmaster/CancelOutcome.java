package io.spate.coordinator.jobmaster;

/** The answer to a cancel request. */
public enum CancelOutcome {
    /** The job is (now) cancelling, or was cancelled at once. */
    ACCEPTED,
    /** The job had already ended; nothing to cancel. */
    ALREADY_TERMINAL
}
