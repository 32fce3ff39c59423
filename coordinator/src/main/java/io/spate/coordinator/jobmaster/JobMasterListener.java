package io.spate.coordinator.jobmaster;

import java.util.Set;

/**
 * What a job master tells its dispatcher. Called on the job master's thread; implementations hop to
 * their own.
 */
public interface JobMasterListener {

    /** The job changed state (also called once at the start, with CREATED). */
    void statusChanged(JobSummary summary);

    /** One of the job's tasks changed state; {@code summary} has the new counts. */
    default void tasksChanged(JobSummary summary) {}

    /** These attempt ids are now the job's (for routing heartbeat task statuses to it). */
    void attemptsDeployed(String jobId, Set<String> attemptIds);

    /** The job ended and its slots were released: the job master has nothing more to do. */
    void terminated(ArchivedJob archive);
}
