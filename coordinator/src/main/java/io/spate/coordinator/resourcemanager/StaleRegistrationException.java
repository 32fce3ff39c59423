package io.spate.coordinator.resourcemanager;

/**
 * An executor called with a registration id that is not (or no longer) the current one for it: the
 * coordinator restarted, or dropped the executor, or it registered again since.
 */
public final class StaleRegistrationException extends RuntimeException {

    public StaleRegistrationException(String executorId, String registrationId) {
        super(
                "unknown or stale registration "
                        + registrationId
                        + " for executor "
                        + executorId
                        + "; register again",
                null,
                false,
                false);
    }
}
