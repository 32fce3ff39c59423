package io.spate.coordinator.jobmaster;

import io.spate.coordinator.executiongraph.ExecutionState;
import java.util.Arrays;
import java.util.Collection;

/**
 * One line of {@code GET /jobs/overview}. Times are epoch milliseconds; {@code endTime} is -1 while
 * the job runs. {@code lastModification} is when the job or one of its tasks last changed state;
 * {@code tasks} counts its subtasks by state (Flink's JobDetails).
 */
public record JobSummary(
        String jobId,
        String name,
        JobStatus status,
        long startTime,
        long endTime,
        long lastModification,
        TaskCounts tasks) {

    /** A job whose tasks are not known yet (none counted), last changed at its start. */
    public JobSummary(String jobId, String name, JobStatus status, long startTime, long endTime) {
        this(
                jobId,
                name,
                status,
                startTime,
                endTime,
                Math.max(startTime, endTime),
                TaskCounts.NONE);
    }

    /** Milliseconds from start to end, or to {@code nowMillis} while it runs. */
    public long duration(long nowMillis) {
        return (endTime < 0 ? nowMillis : endTime) - startTime;
    }

    /** How many of a job's subtasks are in each {@link ExecutionState}. Immutable. */
    public static final class TaskCounts {

        public static final TaskCounts NONE =
                new TaskCounts(new int[ExecutionState.values().length]);

        private final int[] counts;

        private TaskCounts(int[] counts) {
            this.counts = counts;
        }

        public static TaskCounts of(Collection<ExecutionState> states) {
            int[] counts = new int[ExecutionState.values().length];
            states.forEach(s -> counts[s.ordinal()]++);
            return new TaskCounts(counts);
        }

        public int count(ExecutionState state) {
            return counts[state.ordinal()];
        }

        public int total() {
            return Arrays.stream(counts).sum();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TaskCounts other && Arrays.equals(counts, other.counts);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(counts);
        }

        @Override
        public String toString() {
            return Arrays.toString(counts);
        }
    }
}
