package io.spate.coordinator.dispatcher;

import io.spate.coordinator.jobmaster.ArchivedJob;
import io.spate.coordinator.jobmaster.JobSummary;
import io.spate.rpc.proto.TaskStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dispatcher's bookkeeping (Flink: Dispatcher's job registry + ExecutionGraphInfoStore): every
 * job's summary, the running jobs' job masters ({@code H}), the ended jobs' archives (bounded: the
 * oldest is forgotten first), and which execution attempt belongs to which job. Not thread-safe:
 * the dispatcher's thread only.
 */
public final class JobRegistry<H> {

    private final int historySize;
    private final Map<String, JobSummary> summaries = new LinkedHashMap<>();
    private final Map<String, H> running = new HashMap<>();
    private final LinkedHashMap<String, ArchivedJob> history = new LinkedHashMap<>();
    private final Map<String, String> jobOfAttempt = new HashMap<>();
    private final Map<String, Set<String>> attemptsOfJob = new HashMap<>();

    public JobRegistry(int historySize) {
        if (historySize < 1) {
            throw new IllegalArgumentException(
                    "history size must be at least 1, got " + historySize);
        }
        this.historySize = historySize;
    }

    public void add(JobSummary summary, H jobMaster) {
        summaries.put(summary.jobId(), summary);
        running.put(summary.jobId(), jobMaster);
    }

    /** A newer summary of a running job; ignored once the job is archived. */
    public void update(JobSummary summary) {
        if (running.containsKey(summary.jobId())) {
            summaries.put(summary.jobId(), summary);
        }
    }

    public void attemptsDeployed(String jobId, Set<String> attempts) {
        if (!running.containsKey(jobId)) {
            return;
        }
        forgetAttempts(jobId);
        attemptsOfJob.put(jobId, Set.copyOf(attempts));
        attempts.forEach(a -> jobOfAttempt.put(a, jobId));
    }

    /** Moves an ended job to the history; answers its job master (to undeploy), or null. */
    public H archive(ArchivedJob archive) {
        String jobId = archive.jobId();
        H jobMaster = running.remove(jobId);
        forgetAttempts(jobId);
        summaries.put(jobId, archive.details().summary());
        history.put(jobId, archive);
        while (history.size() > historySize) {
            String oldest = history.keySet().iterator().next();
            history.remove(oldest);
            summaries.remove(oldest);
        }
        return jobMaster;
    }

    private void forgetAttempts(String jobId) {
        Set<String> old = attemptsOfJob.remove(jobId);
        if (old != null) {
            old.forEach(jobOfAttempt::remove);
        }
    }

    public H running(String jobId) {
        return running.get(jobId);
    }

    public List<H> allRunning() {
        return List.copyOf(running.values());
    }

    public ArchivedJob archived(String jobId) {
        return history.get(jobId);
    }

    public JobSummary summary(String jobId) {
        return summaries.get(jobId);
    }

    /** Every known job, oldest submission first. */
    public List<JobSummary> summaries() {
        return List.copyOf(summaries.values());
    }

    /** Heartbeat statuses grouped by the job master of their attempt; unknown attempts dropped. */
    public Map<H, List<TaskStatus>> route(List<TaskStatus> statuses) {
        Map<H, List<TaskStatus>> byJob = new HashMap<>();
        for (TaskStatus status : statuses) {
            String jobId = jobOfAttempt.get(status.getExecutionAttemptId());
            H jobMaster = jobId == null ? null : running.get(jobId);
            if (jobMaster != null) {
                byJob.computeIfAbsent(jobMaster, k -> new ArrayList<>()).add(status);
            }
        }
        return byJob;
    }

    /** Not yet ended counts as running (Flink's overview does the same). */
    public JobCounts counts() {
        int running = 0;
        int finished = 0;
        int cancelled = 0;
        int failed = 0;
        for (JobSummary s : summaries.values()) {
            switch (s.status()) {
                case FINISHED -> finished++;
                case CANCELED -> cancelled++;
                case FAILED -> failed++;
                default -> running++;
            }
        }
        return new JobCounts(running, finished, cancelled, failed);
    }

    public int historySize() {
        return history.size();
    }
}
