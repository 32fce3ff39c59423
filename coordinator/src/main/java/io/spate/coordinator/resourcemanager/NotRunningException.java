package io.spate.coordinator.resourcemanager;

/** The resource manager was asked before it started or after it stopped. */
public final class NotRunningException extends IllegalStateException {

    public NotRunningException() {
        super("the coordinator's resource manager is not running (starting or stopping)");
    }
}
