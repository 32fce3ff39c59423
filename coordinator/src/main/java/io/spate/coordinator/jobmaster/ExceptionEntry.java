package io.spate.coordinator.jobmaster;

/**
 * One failure in a job's history.
 *
 * @param task the failed task ({@code "Words (1/2)"}), or empty for a job-level failure
 * @param location {@code host:port} of the executor it ran on, or empty
 * @param timestamp epoch milliseconds
 */
public record ExceptionEntry(String exception, String task, String location, long timestamp) {}
