package io.spate.coordinator.resourcemanager;

/** A job asked for more slots than are free; nothing was allocated. */
public final class NotEnoughSlotsException extends RuntimeException {

    private final int wanted;
    private final int free;

    public NotEnoughSlotsException(String jobId, int wanted, int free) {
        super(
                "job " + jobId + " needs " + wanted + " slots, but only " + free + " are free",
                null,
                false,
                false);
        this.wanted = wanted;
        this.free = free;
    }

    public int wanted() {
        return wanted;
    }

    public int free() {
        return free;
    }
}
