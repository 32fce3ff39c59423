package io.spate.coordinator.jobmaster;

import io.spate.clock.Clock;
import io.spate.coordinator.executiongraph.ExecutionVertex;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A job's failures, oldest first, bounded so a flapping job cannot grow it without end, and the
 * latest cause that failed or restarted the job (its root exception, as in Flink).
 */
final class ExceptionHistory {

    private static final Logger LOG = Logger.getLogger(ExceptionHistory.class);

    static final int MAX_ENTRIES = 100;

    private final String jobId;
    private final Clock clock;
    private final Deque<ExceptionEntry> entries = new ArrayDeque<>();
    private String rootException;

    ExceptionHistory(String jobId, Clock clock) {
        this.jobId = jobId;
        this.clock = clock;
    }

    /** A task failed, at {@code timestampMs} as its executor saw it (0: now). */
    void taskFailed(ExecutionVertex task, String failure, long timestampMs) {
        long at = timestampMs > 0 ? timestampMs : clock.currentTimeMillis();
        add(new ExceptionEntry(failure, task.taskName(), task.location(), at));
        LOG.warnf(
                "job %s: %s on %s failed: %s",
                jobId, task.taskName(), task.location(), firstLine(failure));
    }

    /**
     * {@code cause} failed or restarts the job: it is the root exception now; task failures that
     * follow while tasks are cancelled are only history. A cause of no task gets its own entry.
     */
    void jobFailedBy(String cause, boolean ofNoTask) {
        if (ofNoTask) {
            add(new ExceptionEntry(cause, "", "", clock.currentTimeMillis()));
        }
        rootException = cause;
    }

    JobExceptions snapshot() {
        return new JobExceptions(rootException, List.copyOf(entries));
    }

    static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private void add(ExceptionEntry entry) {
        if (entries.size() == MAX_ENTRIES) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }
}
