package io.spate.coordinator.resourcemanager;

/** One task slot: the executor offering it and its index there (0-based). */
public record SlotId(String executorId, int index) {

    @Override
    public String toString() {
        return executorId + "#" + index;
    }
}
