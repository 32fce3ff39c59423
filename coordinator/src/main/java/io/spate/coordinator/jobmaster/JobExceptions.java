package io.spate.coordinator.jobmaster;

import java.util.List;

/**
 * A job's exception history for {@code GET /jobs/{jobid}/exceptions}.
 *
 * @param rootException what failed the job; null while it has not failed
 * @param all every failure, oldest first
 */
public record JobExceptions(String rootException, List<ExceptionEntry> all) {

    public JobExceptions {
        all = List.copyOf(all);
    }
}
