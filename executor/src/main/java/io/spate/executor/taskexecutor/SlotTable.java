package io.spate.executor.taskexecutor;

import io.spate.rpc.proto.SlotStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The executor's task slots, each free or allocated to one job (Flink: TaskSlotTable). Not
 * thread-safe: the {@link TaskExecutorVerticle}'s event loop only.
 */
public final class SlotTable {

    /** A free slot holds no job. */
    private static final String FREE = "";

    private final String[] jobIds;

    public SlotTable(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("an executor offers at least 1 slot, got " + slots);
        }
        this.jobIds = new String[slots];
        Arrays.fill(jobIds, FREE);
    }

    public int size() {
        return jobIds.length;
    }

    public int freeCount() {
        int free = 0;
        for (String jobId : jobIds) {
            if (jobId.isEmpty()) {
                free++;
            }
        }
        return free;
    }

    public boolean isFree(int index) {
        return jobIds[checkIndex(index)].isEmpty();
    }

    /**
     * Gives slot {@code index} to {@code jobId}; allocating a slot to the job that holds it again
     * is a no-op.
     *
     * @throws IllegalStateException if another job holds it
     */
    public void allocate(int index, String jobId) {
        if (jobId == null || jobId.isEmpty()) {
            throw new IllegalArgumentException(
                    "a slot is allocated to a job id, got '" + jobId + "'");
        }
        String holder = jobIds[checkIndex(index)];
        if (!holder.isEmpty() && !holder.equals(jobId)) {
            throw new IllegalStateException(
                    "slot "
                            + index
                            + " is allocated to job "
                            + holder
                            + ", not free for job "
                            + jobId);
        }
        jobIds[index] = jobId;
    }

    public void free(int index) {
        jobIds[checkIndex(index)] = FREE;
    }

    /** Frees every slot (the registration they were allocated under is gone). */
    public void freeAll() {
        Arrays.fill(jobIds, FREE);
    }

    /** The slot report sent with every heartbeat reply. */
    public List<SlotStatus> report() {
        List<SlotStatus> report = new ArrayList<>(jobIds.length);
        for (int i = 0; i < jobIds.length; i++) {
            report.add(SlotStatus.newBuilder().setIndex(i).setJobId(jobIds[i]).build());
        }
        return report;
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= jobIds.length) {
            throw new IllegalArgumentException(
                    "slot "
                            + index
                            + " does not exist; this executor has slots 0.."
                            + (jobIds.length - 1));
        }
        return index;
    }
}
