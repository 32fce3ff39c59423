package io.spate.coordinator.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.coordinator.jobmaster.ArchivedJob;
import io.spate.coordinator.jobmaster.JobDetails;
import io.spate.coordinator.jobmaster.JobExceptions;
import io.spate.coordinator.jobmaster.JobStatus;
import io.spate.coordinator.jobmaster.JobSummary;
import io.spate.rpc.proto.TaskStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobRegistryTest {

    private final JobRegistry<String> registry = new JobRegistry<>(2);

    private static JobSummary summary(String id, JobStatus status) {
        return new JobSummary(id, "job-" + id, status, 1000, status.isTerminal() ? 2000 : -1);
    }

    private static ArchivedJob archive(String id, JobStatus status) {
        return new ArchivedJob(
                new JobDetails(summary(id, status), List.of()),
                new JobExceptions(null, List.of()),
                io.spate.coordinator.checkpoint.CheckpointStats.NONE);
    }

    private static TaskStatus status(String attempt) {
        return TaskStatus.newBuilder().setExecutionAttemptId(attempt).build();
    }

    @Test
    void heartbeatStatusesAreRoutedByAttemptToTheirJobMaster() {
        registry.add(summary("a", JobStatus.CREATED), "master-a");
        registry.add(summary("b", JobStatus.CREATED), "master-b");
        registry.attemptsDeployed("a", Set.of("a1", "a2"));
        registry.attemptsDeployed("b", Set.of("b1"));

        Map<String, List<TaskStatus>> routed =
                registry.route(List.of(status("a1"), status("b1"), status("zz"), status("a2")));

        assertThat(routed).containsOnlyKeys("master-a", "master-b");
        assertThat(routed.get("master-a"))
                .extracting(TaskStatus::getExecutionAttemptId)
                .containsExactly("a1", "a2");

        registry.archive(archive("a", JobStatus.FINISHED));
        assertThat(registry.route(List.of(status("a1"))))
                .as("an ended job's attempts are forgotten")
                .isEmpty();
    }

    @Test
    void historyKeepsTheNewestEndedJobsOnly() {
        for (String id : List.of("a", "b", "c")) {
            registry.add(summary(id, JobStatus.CREATED), "master-" + id);
            assertThat(registry.archive(archive(id, JobStatus.FINISHED))).isEqualTo("master-" + id);
        }

        assertThat(registry.archived("a")).isNull();
        assertThat(registry.summary("a")).isNull();
        assertThat(registry.archived("c")).isNotNull();
        assertThat(registry.summaries()).extracting(JobSummary::jobId).containsExactly("b", "c");
    }

    @Test
    void countsTreatEveryNotEndedJobAsRunning() {
        registry.add(summary("a", JobStatus.CREATED), "m");
        registry.add(summary("b", JobStatus.CREATED), "m");
        registry.update(summary("b", JobStatus.CANCELLING));
        registry.add(summary("c", JobStatus.CREATED), "m");
        registry.archive(archive("c", JobStatus.FAILED));
        registry.update(summary("c", JobStatus.RUNNING)); // late news of an archived job is ignored

        assertThat(registry.counts()).isEqualTo(new JobCounts(2, 0, 0, 1));
    }
}
