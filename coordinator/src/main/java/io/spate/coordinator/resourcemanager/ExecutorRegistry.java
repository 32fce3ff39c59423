package io.spate.coordinator.resourcemanager;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The executors currently registered, one registration per executor id: registering again replaces
 * the entry, which makes the old registration id stale. Not thread-safe: its owner's thread only.
 */
public final class ExecutorRegistry {

    private final Map<String, RegisteredExecutor> byId = new LinkedHashMap<>();

    /** Adds {@code executor}; answers the registration it replaced, if any. */
    public Optional<RegisteredExecutor> put(RegisteredExecutor executor) {
        return Optional.ofNullable(byId.put(executor.executorId(), executor));
    }

    public Optional<RegisteredExecutor> get(String executorId) {
        return Optional.ofNullable(byId.get(executorId));
    }

    /** The executor's current registration if {@code registrationId} is it, else empty. */
    public Optional<RegisteredExecutor> current(String executorId, String registrationId) {
        RegisteredExecutor executor = byId.get(executorId);
        return executor != null && executor.registrationId().equals(registrationId)
                ? Optional.of(executor)
                : Optional.empty();
    }

    public Optional<RegisteredExecutor> remove(String executorId) {
        return Optional.ofNullable(byId.remove(executorId));
    }

    public Collection<RegisteredExecutor> all() {
        return Collections.unmodifiableCollection(byId.values());
    }

    public int size() {
        return byId.size();
    }
}
