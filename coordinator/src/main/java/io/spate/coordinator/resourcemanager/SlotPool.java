package io.spate.coordinator.resourcemanager;

import io.spate.rpc.proto.SlotStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which slot of which executor belongs to which job (Flink: SlotManager's bookkeeping). Not
 * thread-safe: its owner's thread only.
 *
 * <p>Allocation is all-or-nothing and spreads a job over the executors with the most free slots, so
 * parallel subtasks land on different machines first. Heartbeat slot reports are reconciled one
 * way: a slot the executor reports as used by a job is marked used by that job (the executor is the
 * truth about what runs); a slot the coordinator allocated but the executor reports free stays
 * allocated, because the task may still be on its way (only {@link #release} frees it).
 */
public final class SlotPool {

    /** Per executor: slot index -> owning job id, null when free. */
    private final Map<String, String[]> slots = new LinkedHashMap<>();

    private int total;
    private int free;

    public void addExecutor(String executorId, int slotCount) {
        removeExecutor(executorId);
        slots.put(executorId, new String[slotCount]);
        total += slotCount;
        free += slotCount;
    }

    /** Forgets the executor's slots; answers the jobs that had slots there (they lost them). */
    public Set<String> removeExecutor(String executorId) {
        String[] table = slots.remove(executorId);
        Set<String> jobs = new HashSet<>();
        if (table != null) {
            total -= table.length;
            for (String job : table) {
                if (job == null) {
                    free--;
                } else {
                    jobs.add(job);
                }
            }
        }
        return jobs;
    }

    /** Allocates {@code count} free slots to {@code jobId}, or none at all. */
    public List<SlotId> allocate(String jobId, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException(
                    "job " + jobId + " asked for " + count + " slots; must be at least 1");
        }
        if (count > free) {
            throw new NotEnoughSlotsException(jobId, count, free);
        }
        Map<String, Integer> freeByExecutor = new LinkedHashMap<>();
        slots.forEach((executor, table) -> freeByExecutor.put(executor, freeIn(table)));
        List<SlotId> allocated = new ArrayList<>(count);
        while (allocated.size() < count) {
            String executor =
                    freeByExecutor.entrySet().stream()
                            .max(Comparator.comparingInt(Map.Entry::getValue))
                            .orElseThrow()
                            .getKey();
            String[] table = slots.get(executor);
            int index = firstFree(table);
            table[index] = jobId;
            free--;
            freeByExecutor.merge(executor, -1, Integer::sum);
            allocated.add(new SlotId(executor, index));
        }
        return allocated;
    }

    /** Frees every slot of {@code jobId}; answers how many. */
    public int release(String jobId) {
        int released = 0;
        for (String[] table : slots.values()) {
            for (int i = 0; i < table.length; i++) {
                if (jobId.equals(table[i])) {
                    table[i] = null;
                    released++;
                }
            }
        }
        free += released;
        return released;
    }

    /** Reconciles with an executor's heartbeat slot report (see class comment). */
    public void applySlotReport(String executorId, List<SlotStatus> report) {
        String[] table = slots.get(executorId);
        if (table == null) {
            return;
        }
        for (SlotStatus status : report) {
            int i = status.getIndex();
            if (i < 0 || i >= table.length || status.getJobId().isEmpty()) {
                continue;
            }
            if (table[i] == null) {
                free--;
            }
            table[i] = status.getJobId();
        }
    }

    public int totalSlots() {
        return total;
    }

    public int freeSlots() {
        return free;
    }

    public int freeSlots(String executorId) {
        String[] table = slots.get(executorId);
        return table == null ? 0 : freeIn(table);
    }

    public int slotsOf(String executorId) {
        String[] table = slots.get(executorId);
        return table == null ? 0 : table.length;
    }

    /** The job owning a slot, or null when it is free or unknown. */
    public String owner(SlotId slot) {
        String[] table = slots.get(slot.executorId());
        return table == null || slot.index() >= table.length ? null : table[slot.index()];
    }

    private static int freeIn(String[] table) {
        int n = 0;
        for (String job : table) {
            if (job == null) {
                n++;
            }
        }
        return n;
    }

    private static int firstFree(String[] table) {
        for (int i = 0; i < table.length; i++) {
            if (table[i] == null) {
                return i;
            }
        }
        throw new IllegalStateException("no free slot left although the count said so");
    }
}
