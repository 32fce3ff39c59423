package io.spate.executor.registration;

import java.time.Duration;

/**
 * An established registration with one coordinator: the fencing tokens both sides carry, and the
 * heartbeat timing the coordinator asked for.
 */
public record Registration(
        String registrationId,
        String coordinatorSessionId,
        Duration heartbeatInterval,
        Duration heartbeatTimeout) {}
