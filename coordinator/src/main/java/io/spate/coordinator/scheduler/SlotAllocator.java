package io.spate.coordinator.scheduler;

import io.spate.clock.Clock;
import io.spate.coordinator.executiongraph.ExecutionGraph;
import io.spate.coordinator.executiongraph.ExecutionVertex;
import io.spate.coordinator.resourcemanager.AllocatedSlot;
import io.spate.coordinator.resourcemanager.NotEnoughSlotsException;
import io.spate.rpc.GrpcFutures;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * A job's slots (Flink: the scheduler's slot allocator): asks its {@link SlotProvider} for every
 * slot the job needs at once, again on each {@link #tick} while too few are free, until they all
 * arrive (then subtask i of every vertex goes to slot i, {@link SlotSharing}) or the slot timeout
 * passes.
 *
 * <p>At most one request is on its way. Slots that arrive after the job stopped waiting (it was
 * cancelled meanwhile) are released, not used. Not thread-safe: every method runs on the job
 * master's thread; the provider's answers come back through {@code mainThread}.
 */
public final class SlotAllocator {

    private static final Logger LOG = Logger.getLogger(SlotAllocator.class);

    private final String jobId;
    private final ExecutionGraph executions;
    private final SlotProvider provider;
    private final Duration slotTimeout;
    private final Clock clock;
    private final Executor mainThread;
    private final Runnable onAssigned;
    private final Consumer<String> onTimedOut;
    private final Runnable onLateSlotsReleased;

    private boolean waiting;
    private boolean inFlight;
    private long deadlineNanos;
    private String lastProblem = "no answer from the resource manager yet";

    /**
     * The callbacks run on the job master's thread.
     *
     * @param onAssigned every subtask has its slot: the tasks can be deployed
     * @param onTimedOut too few slots within the slot timeout; gets what was missing
     * @param onLateSlotsReleased slots that arrived after the job stopped waiting were released
     */
    public SlotAllocator(
            String jobId,
            ExecutionGraph executions,
            SlotProvider provider,
            Duration slotTimeout,
            Clock clock,
            Executor mainThread,
            Runnable onAssigned,
            Consumer<String> onTimedOut,
            Runnable onLateSlotsReleased) {
        this.jobId = jobId;
        this.executions = executions;
        this.provider = provider;
        this.slotTimeout = slotTimeout;
        this.clock = clock;
        this.mainThread = mainThread;
        this.onAssigned = onAssigned;
        this.onTimedOut = onTimedOut;
        this.onLateSlotsReleased = onLateSlotsReleased;
    }

    /** Starts waiting for the job's slots; the slot timeout counts from now. */
    public void allocate() {
        waiting = true;
        deadlineNanos = clock.nanoTime() + slotTimeout.toNanos();
        request();
    }

    /** The job no longer wants slots (cancelled); an answer still on its way gets released. */
    public void stopWaiting() {
        waiting = false;
    }

    /** Whether the job waits for its slots. */
    public boolean isWaiting() {
        return waiting;
    }

    /** Whether an allocation is on its way (its slots must be released when they arrive). */
    public boolean isAllocationInFlight() {
        return inFlight;
    }

    /** Time passed: ask again (executors may have registered), or give up at the slot timeout. */
    public void tick() {
        if (!waiting || inFlight) {
            return;
        }
        if (clock.nanoTime() - deadlineNanos >= 0) {
            waiting = false;
            provider.release(jobId);
            onTimedOut.accept(
                    "not enough slots: "
                            + lastProblem
                            + " (waited "
                            + slotTimeout.toMillis()
                            + " ms, spate.scheduler.slot-timeout)");
        } else {
            request();
        }
    }

    /** Frees every slot of the job (idempotent). */
    public void release() {
        provider.release(jobId);
    }

    /** Asks the resource manager to check now every executor this job's tasks were deployed to. */
    public void probeExecutors() {
        Set<String> executors = new HashSet<>();
        for (ExecutionVertex task : executions.all()) {
            if (task.slot() != null) {
                executors.add(task.slot().executorId());
            }
        }
        if (!executors.isEmpty()) {
            provider.probe(executors);
        }
    }

    private void request() {
        int needed = SlotSharing.slotsNeeded(executions.jobGraph());
        inFlight = true;
        provider.allocate(jobId, needed)
                .whenCompleteAsync(
                        (slots, failure) -> onAnswer(needed, slots, failure), mainThread);
    }

    private void onAnswer(int needed, List<AllocatedSlot> slots, Throwable failure) {
        inFlight = false;
        if (!waiting) { // cancelled while the allocation was on its way
            provider.release(jobId);
            if (failure == null) {
                LOG.debugf(
                        "job %s: released %d slots that arrived after it ended",
                        jobId, slots.size());
            }
            onLateSlotsReleased.run();
            return;
        }
        if (failure != null) {
            Throwable cause = GrpcFutures.cause(failure);
            lastProblem =
                    cause instanceof NotEnoughSlotsException e
                            ? "job needs " + e.wanted() + ", cluster has " + e.free() + " free"
                            : "job needs " + needed + "; " + cause.getMessage();
            LOG.debugf("job %s waits for slots: %s", jobId, lastProblem);
            return; // the next tick asks again, or gives up at the deadline
        }
        waiting = false;
        for (ExecutionVertex task : executions.all()) {
            task.assign(slots.get(SlotSharing.slotOf(task.subtaskIndex())));
        }
        onAssigned.run();
    }
}
