package io.spate.coordinator.jobmaster;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** A job's failures, oldest first, bounded so a flapping job cannot grow it without end. */
final class ExceptionHistory {

    static final int MAX_ENTRIES = 100;

    private final Deque<ExceptionEntry> entries = new ArrayDeque<>();
    private String rootException;

    void add(ExceptionEntry entry) {
        if (entries.size() == MAX_ENTRIES) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }

    /**
     * Records what failed or restarted the job: the latest such cause is the root exception (as in
     * Flink); task failures that follow it while tasks are cancelled are only history.
     */
    void failedBy(String cause) {
        rootException = cause;
    }

    JobExceptions snapshot() {
        return new JobExceptions(rootException, List.copyOf(entries));
    }
}
