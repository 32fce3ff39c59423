package io.spate.coordinator.dispatcher;

import io.spate.coordinator.jobmaster.JobMasterVerticle;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The running jobs' master endpoints by job id (Flink: the JobMaster gateway a TaskExecutor talks
 * to directly).
 *
 * <p>Threads: written by the dispatcher on its event loop (a job is added at submission and removed
 * when it is archived); read from any thread — the gRPC service looks a job up on the request's own
 * event loop, so a task update takes one hop, to its job master, instead of passing the resource
 * manager's and the dispatcher's loops.
 */
final class JobEndpoints {

    private final ConcurrentMap<String, JobMasterVerticle> byJob = new ConcurrentHashMap<>();

    void add(JobMasterVerticle jobMaster) {
        byJob.put(jobMaster.jobId(), jobMaster);
    }

    void remove(String jobId) {
        byJob.remove(jobId);
    }

    Optional<JobMasterVerticle> find(String jobId) {
        return Optional.ofNullable(byJob.get(jobId));
    }
}
