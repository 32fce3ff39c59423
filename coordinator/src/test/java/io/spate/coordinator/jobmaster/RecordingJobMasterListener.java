package io.spate.coordinator.jobmaster;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Keeps what a job master tells its dispatcher. */
final class RecordingJobMasterListener implements JobMasterListener {

    final List<JobStatus> statuses = new ArrayList<>();
    final List<Set<String>> deployedAttempts = new ArrayList<>();
    final List<ArchivedJob> archived = new ArrayList<>();
    final List<JobSummary> taskChanges = new ArrayList<>();

    @Override
    public void statusChanged(JobSummary summary) {
        statuses.add(summary.status());
    }

    @Override
    public void tasksChanged(JobSummary summary) {
        taskChanges.add(summary);
    }

    @Override
    public void attemptsDeployed(String jobId, Set<String> attemptIds) {
        deployedAttempts.add(attemptIds);
    }

    @Override
    public void terminated(ArchivedJob archive) {
        archived.add(archive);
    }
}
