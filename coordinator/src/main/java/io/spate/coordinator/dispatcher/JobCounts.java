package io.spate.coordinator.dispatcher;

/** How many jobs are in each end state or running, for {@code GET /overview}. */
public record JobCounts(int running, int finished, int cancelled, int failed) {

    public static final JobCounts NONE = new JobCounts(0, 0, 0, 0);
}
