package io.spate.coordinator.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.spate.coordinator.checkpoint.CheckpointStats;
import io.spate.coordinator.executiongraph.ExecutionState;
import io.spate.coordinator.jobmaster.ExceptionEntry;
import io.spate.coordinator.jobmaster.JobDetails;
import io.spate.coordinator.jobmaster.JobExceptions;
import io.spate.coordinator.jobmaster.JobSummary;
import io.spate.coordinator.jobmaster.VertexDetails;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the jobs API (src-docs/contracts.md §3, Flink's field names). */
public final class JobsJson {

    private JobsJson() {}

    public record Submitted(@JsonProperty("jobid") String jobid) {}

    public record Errors(@JsonProperty("errors") List<String> errors) {
        public static Errors of(String error) {
            return new Errors(List.of(error));
        }
    }

    public record JobsOverview(@JsonProperty("jobs") List<JobOverview> jobs) {}

    public record JobOverview(
            @JsonProperty("jid") String jid,
            @JsonProperty("name") String name,
            @JsonProperty("state") String state,
            @JsonProperty("start-time") long startTime,
            @JsonProperty("end-time") long endTime,
            @JsonProperty("duration") long duration,
            @JsonProperty("last-modification") long lastModification,
            @JsonProperty("tasks") Tasks tasks) {

        static JobOverview of(JobSummary s, long now) {
            return new JobOverview(
                    s.jobId(),
                    s.name(),
                    s.status().name(),
                    s.startTime(),
                    s.endTime(),
                    s.duration(now),
                    s.lastModification(),
                    Tasks.of(s.tasks()));
        }
    }

    /**
     * A job's subtasks by state, every state of Flink's ExecutionState (what {@code flink list}
     * reads). INPUT_ENDED counts as running; Flink's scheduled, reconciling and initializing have
     * no Spate counterpart and stay 0.
     */
    @JsonPropertyOrder({
        "total",
        "created",
        "scheduled",
        "deploying",
        "running",
        "finished",
        "canceling",
        "canceled",
        "failed",
        "reconciling",
        "initializing"
    })
    public record Tasks(
            @JsonProperty("total") int total,
            @JsonProperty("created") int created,
            @JsonProperty("scheduled") int scheduled,
            @JsonProperty("deploying") int deploying,
            @JsonProperty("running") int running,
            @JsonProperty("finished") int finished,
            @JsonProperty("canceling") int canceling,
            @JsonProperty("canceled") int canceled,
            @JsonProperty("failed") int failed,
            @JsonProperty("reconciling") int reconciling,
            @JsonProperty("initializing") int initializing) {

        static Tasks of(JobSummary.TaskCounts c) {
            return new Tasks(
                    c.total(),
                    c.count(ExecutionState.CREATED),
                    0,
                    c.count(ExecutionState.DEPLOYING),
                    c.count(ExecutionState.RUNNING) + c.count(ExecutionState.INPUT_ENDED),
                    c.count(ExecutionState.FINISHED),
                    c.count(ExecutionState.CANCELING),
                    c.count(ExecutionState.CANCELED),
                    c.count(ExecutionState.FAILED),
                    0,
                    0);
        }
    }

    public record Job(
            @JsonProperty("jid") String jid,
            @JsonProperty("name") String name,
            @JsonProperty("state") String state,
            @JsonProperty("start-time") long startTime,
            @JsonProperty("end-time") long endTime,
            @JsonProperty("duration") long duration,
            @JsonProperty("now") long now,
            @JsonProperty("vertices") List<Vertex> vertices) {

        static Job of(JobDetails d, long now) {
            JobSummary s = d.summary();
            return new Job(
                    s.jobId(),
                    s.name(),
                    s.status().name(),
                    s.startTime(),
                    s.endTime(),
                    s.duration(now),
                    now,
                    d.vertices().stream().map(Vertex::of).toList());
        }
    }

    public record Vertex(
            @JsonProperty("id") String id,
            @JsonProperty("name") String name,
            @JsonProperty("parallelism") int parallelism,
            @JsonProperty("status") String status,
            @JsonProperty("metrics") Map<String, Number> metrics,
            @JsonProperty("watermark") long watermark) {

        static Vertex of(VertexDetails v) {
            return new Vertex(
                    v.id(),
                    v.name(),
                    v.parallelism(),
                    v.status().name(),
                    v.metrics(),
                    v.watermark());
        }
    }

    /**
     * One entry of {@code GET /jobs/{jobid}/vertices/{vertexid}/watermarks}, Flink's shape: {@code
     * {"id": "<subtask>.currentInputWatermark", "value": "<epoch ms>"}} (the value a string, as
     * Flink's metrics are); Long.MIN_VALUE before a subtask's first watermark.
     */
    public record WatermarkMetric(
            @JsonProperty("id") String id, @JsonProperty("value") String value) {

        static List<WatermarkMetric> of(VertexDetails v) {
            List<WatermarkMetric> list = new java.util.ArrayList<>();
            for (int i = 0; i < v.watermarks().size(); i++) {
                list.add(
                        new WatermarkMetric(
                                i + ".currentInputWatermark",
                                Long.toString(v.watermarks().get(i))));
            }
            return list;
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Exceptions(
            @JsonProperty("root-exception") String rootException,
            @JsonProperty("all-exceptions") List<ExceptionJson> allExceptions) {

        static Exceptions of(JobExceptions e) {
            return new Exceptions(
                    e.rootException(), e.all().stream().map(ExceptionJson::of).toList());
        }
    }

    public record ExceptionJson(
            @JsonProperty("exception") String exception,
            @JsonProperty("task") String task,
            @JsonProperty("location") String location,
            @JsonProperty("timestamp") long timestamp) {

        static ExceptionJson of(ExceptionEntry e) {
            return new ExceptionJson(e.exception(), e.task(), e.location(), e.timestamp());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Checkpoints(
            @JsonProperty("counts") CheckpointCounts counts,
            @JsonProperty("latest") LatestCheckpoints latest) {

        static Checkpoints of(CheckpointStats s) {
            return new Checkpoints(
                    new CheckpointCounts(s.completed(), s.failed(), s.inProgress(), s.restored()),
                    new LatestCheckpoints(
                            s.latestCompletedId() < 0
                                    ? null
                                    : new CompletedCheckpoint(
                                            s.latestCompletedId(),
                                            s.latestCompletedDurationMs(),
                                            s.latestCompletedSize(),
                                            s.latestAlignmentMs(),
                                            s.latestTasks().stream()
                                                    .map(TaskCheckpoint::of)
                                                    .toList()),
                            s.latestRestoredId() < 0
                                    ? null
                                    : new RestoredCheckpoint(s.latestRestoredId())));
        }
    }

    public record CheckpointCounts(
            @JsonProperty("completed") long completed,
            @JsonProperty("failed") long failed,
            @JsonProperty("in_progress") long inProgress,
            @JsonProperty("restored") long restored) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LatestCheckpoints(
            @JsonProperty("completed") CompletedCheckpoint completed,
            @JsonProperty("restored") RestoredCheckpoint restored) {}

    public record CompletedCheckpoint(
            @JsonProperty("id") long id,
            @JsonProperty("end_to_end_duration") long endToEndDuration,
            @JsonProperty("state_size") long stateSize,
            @JsonProperty("alignment_duration") double alignmentDurationMs,
            @JsonProperty("tasks") List<TaskCheckpoint> tasks) {}

    /** One task's part of a checkpoint: its state file size and how long its snapshot took. */
    public record TaskCheckpoint(
            @JsonProperty("vertex_id") String vertexId,
            @JsonProperty("subtask") int subtask,
            @JsonProperty("state_size") long stateSize,
            @JsonProperty("sync_duration") double syncDurationMs,
            @JsonProperty("async_duration") double asyncDurationMs,
            @JsonProperty("alignment_duration") double alignmentDurationMs) {

        static TaskCheckpoint of(io.spate.coordinator.checkpoint.TaskStateHandle h) {
            return new TaskCheckpoint(
                    h.vertexId(),
                    h.subtaskIndex(),
                    h.size(),
                    h.syncNanos() / 1e6,
                    h.asyncNanos() / 1e6,
                    h.alignmentNanos() / 1e6);
        }
    }

    public record RestoredCheckpoint(@JsonProperty("id") long id) {}
}
