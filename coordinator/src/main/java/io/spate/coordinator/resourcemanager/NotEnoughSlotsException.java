package io.spate.coordinator.resourcemanager;

/** A job asked for more slots than are free; nothing was allocated. */
public final class NotEnoughSlotsException extends RuntimeException {

  public NotEnoughSlotsException(String jobId, int wanted, int free) {
    super("job " + jobId + " needs " + wanted + " slots, but only " + free + " are free", null, false, false);
  }
}
