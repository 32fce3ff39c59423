package io.spate.coordinator.dispatcher;

import io.spate.coordinator.resourcemanager.AllocatedSlot;
import io.spate.coordinator.resourcemanager.ResourceManagerVerticle;
import io.spate.coordinator.scheduler.SlotProvider;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/** Job masters' slots come from the resource manager verticle. */
final class ResourceManagerSlots implements SlotProvider {

    private static final Logger LOG = Logger.getLogger(ResourceManagerSlots.class);

    private final ResourceManagerVerticle resourceManager;

    ResourceManagerSlots(ResourceManagerVerticle resourceManager) {
        this.resourceManager = resourceManager;
    }

    @Override
    public CompletableFuture<List<AllocatedSlot>> allocate(String jobId, int count) {
        return resourceManager
                .allocateSlots(jobId, count)
                .toCompletionStage()
                .toCompletableFuture();
    }

    @Override
    public void probe(java.util.Set<String> executorIds) {
        resourceManager.probeExecutors(executorIds);
    }

    @Override
    public void release(String jobId) {
        resourceManager
                .releaseSlots(jobId)
                .onSuccess(n -> LOG.debugf("job %s: released %d slots", jobId, n))
                .onFailure(
                        e ->
                                LOG.warnf(
                                        "job %s: releasing its slots failed: %s",
                                        jobId, e.getMessage()));
    }
}
