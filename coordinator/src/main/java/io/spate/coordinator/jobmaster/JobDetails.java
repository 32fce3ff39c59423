package io.spate.coordinator.jobmaster;

import java.util.List;

/** A snapshot of a job for {@code GET /jobs/{jobid}}. */
public record JobDetails(JobSummary summary, List<VertexDetails> vertices) {

    public JobDetails {
        vertices = List.copyOf(vertices);
    }
}
