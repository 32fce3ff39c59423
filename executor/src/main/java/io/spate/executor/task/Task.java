package io.spate.executor.task;

import io.spate.clock.Clock;
import io.spate.executor.network.NetworkEnvironment;
import io.spate.executor.operators.OperatorContext;
import io.spate.executor.operators.SourceOperator;
import io.spate.executor.state.ProcessingTimers;
import io.spate.executor.thread.SchedulerSlice;
import io.spate.rpc.proto.TaskDeploymentDescriptor;
import io.spate.rpc.proto.TaskMetrics;
import io.spate.rpc.proto.TaskState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * One subtask of a vertex, running on its own platform thread {@code task-<vertex>-<subtask>}
 * (Flink: Task + StreamTask). Every field not marked volatile is touched by that thread only;
 * {@link #cancel}, {@link #triggerCheckpoint}, {@link #notifyCheckpointComplete}, {@link #state},
 * {@link #metrics} and {@link #mailbox} may be used from any thread.
 *
 * <pre>
 *  DEPLOYING ─ setup: gates, partitions, operators (restored from a checkpoint if the descriptor
 *      │       says so) ─▶ RUNNING ─ mailbox loop until the input ends (EndOfPartition on every
 *      │                     │       channel / source exhausted); checkpoints: trigger mail at a
 *      │                     │       source, aligned barriers at the others
 *      │                     ▼
 *      │   finish operators, EndOfPartition on every output, wait until consumers took it
 *      │                     ▼
 *      │                INPUT_ENDED ─ serves mails only: a trigger snapshots the final state
 *      │                     │        (no barrier); notify-complete of the job's final
 *      │                     │        checkpoint, acknowledged here ───────────────▶ FINISHED
 *      └──── any exception ─────────────────────────────────────────────────────────▶ FAILED
 *      └──── cancel() (mail + interrupt) ───────────────────────────────────────────▶ CANCELED
 *  Always at the end: close operators (sinks drop uncommitted output), readers, gates, writers,
 *  partitions: every network buffer goes back to the pool.
 * </pre>
 *
 * <p>Checkpoints (Flink: asynchronous barrier snapshots) are taken by its {@link TaskCheckpoints}
 * on this thread, between batches.
 */
public final class Task implements Runnable {

    private static final Logger LOG = Logger.getLogger(Task.class);

    /** Records per mailbox turn: keeps a turn near a millisecond so mails are not delayed. */
    static final int BATCH_SIZE = 512;

    /** How often the operators' own metrics (e.g. the latency histogram) are published. */
    static final long OPERATOR_METRICS_PERIOD_NANOS = 1_000_000_000L;

    /** Polling for consumers to drain our outputs backs off up to this (no listener exists). */
    static final long MAX_DRAIN_POLL_NANOS = 20_000_000L;

    private final TaskDeployment deployment;
    private final NetworkEnvironment network;
    private final String executorId;
    private final Clock clock;
    private final TaskStateListener listener;
    private final TaskCheckpoints checkpoints;
    private final TaskMailbox mailbox = new TaskMailbox();
    private final TaskTimers timers = new TaskTimers();
    private final TaskMetricsView metrics = new TaskMetricsView();
    private final CompletableFuture<TaskState> termination = new CompletableFuture<>();
    private final String logName;
    private final TaskUserCode userCode;

    private volatile TaskState state = TaskState.DEPLOYING;
    private volatile boolean canceled;
    private volatile Thread thread;

    // Task thread only.
    private NetworkInput networkInput;
    private WriterOutput output;
    private OperatorChain chain;
    private TaskNetwork io;
    private final java.util.List<WriterOutput> sideOutputs = new java.util.ArrayList<>();

    /** A task whose checkpoint acknowledgements go nowhere (tests without a coordinator). */
    public Task(
            TaskDeployment deployment,
            NetworkEnvironment network,
            String executorId,
            Clock clock,
            TaskStateListener listener) {
        this(deployment, network, executorId, clock, listener, CheckpointResponder.NONE);
    }

    public Task(
            TaskDeployment deployment,
            NetworkEnvironment network,
            String executorId,
            Clock clock,
            TaskStateListener listener,
            CheckpointResponder checkpoints) {
        this(deployment, network, executorId, clock, listener, checkpoints, TaskUserCode.NONE);
    }

    /**
     * @param userCode the job class loaders and the cancellation watchdog's timeout
     */
    public Task(
            TaskDeployment deployment,
            NetworkEnvironment network,
            String executorId,
            Clock clock,
            TaskStateListener listener,
            CheckpointResponder checkpoints,
            TaskUserCode userCode) {
        this.userCode = userCode;
        this.deployment = deployment;
        this.network = network;
        this.executorId = executorId;
        this.clock = clock;
        this.listener = listener;
        TaskDeploymentDescriptor d = deployment.descriptor();
        this.logName =
                d.getJobName()
                        + " ("
                        + d.getJobId()
                        + ")/"
                        + deployment.vertex().name()
                        + "["
                        + d.getSubtaskIndex()
                        + "/"
                        + d.getParallelism()
                        + "] attempt "
                        + d.getExecutionAttemptId();
        this.checkpoints = new TaskCheckpoints(this, deployment, checkpoints, metrics, logName);
    }

    /** Starts the task's own thread. */
    public Thread start() {
        return start(SchedulerSlice.OFF);
    }

    /** Starts the task's own thread, which first asks for {@code slice}. */
    public Thread start(SchedulerSlice slice) {
        Thread t = slice.threadsOf(r -> new Thread(r, deployment.threadName())).newThread(this);
        thread = t;
        t.start();
        return t;
    }

    /**
     * Cancels the task: it stops at its next mailbox turn, or at once if it is blocked (the thread
     * is interrupted), cleans up and reports CANCELED. A task that already ended is not affected.
     * Any thread.
     */
    public void cancel() {
        if (canceled || termination.isDone()) {
            return;
        }
        canceled = true;
        mailbox.wakeUp();
        Thread t = thread;
        if (t != null) {
            t.interrupt(); // unblocks a writer waiting for a buffer (backpressure) or a
            // blocking read
            TaskCancellationWatchdog.start(
                    t, termination, userCode.cancellationTimeout(), userCode.exit(), logName);
        }
    }

    /**
     * Queues checkpoint {@code checkpointId}'s trigger for the task thread (a source snapshots and
     * emits the barrier; a task whose input ended snapshots its final state). A task still
     * deploying declines at once. Any thread.
     *
     * @return false if the task already ended
     */
    public boolean triggerCheckpoint(long checkpointId, long timestampMs) {
        if (termination.isDone()) {
            return false;
        }
        if (state == TaskState.DEPLOYING) {
            checkpoints.declineNotReady(checkpointId, "task is not running yet (deploying)");
            return true;
        }
        mailbox.put(() -> checkpoints.onTrigger(checkpointId, timestampMs));
        return true;
    }

    /**
     * Queues checkpoint {@code checkpointId}'s completion for the task thread: operators commit up
     * to it. After the job's {@code finalCheckpoint} (triggered once every task's input ended), a
     * task whose input ended and that acknowledged a checkpoint at or below it finishes. Any
     * thread.
     *
     * @return false if the task already ended
     */
    public boolean notifyCheckpointComplete(long checkpointId, boolean finalCheckpoint) {
        if (termination.isDone()) {
            return false;
        }
        mailbox.put(() -> checkpoints.onComplete(checkpointId, finalCheckpoint));
        return true;
    }

    @Override
    public void run() {
        mailbox.bindToCurrentThread();
        TaskState end;
        String failure = "";
        ClassLoader executorLoader = Thread.currentThread().getContextClassLoader();
        io.spate.executor.usercode.JobLibraries.Lease userJars = null;
        try {
            if (!deployment.graph().jars().isEmpty()) {
                // The job's own loader: JavaFunction classes load from it (see JobLibraries).
                userJars =
                        userCode.libraries().acquire(deployment.jobId(), deployment.graph().jars());
                Thread.currentThread().setContextClassLoader(userJars.classLoader());
            }
            io = TaskNetwork.create(network, executorId, deployment);
            output = new WriterOutput(io.writers(""), io.writers());
            chain =
                    OperatorChain.build(
                            OperatorChain.contexts(deployment, this::contextOf), output);
            metrics.readOnAnyThread(chain.operators());
            checkpoints.bind(chain, io);
            checkpoints.restoreIfAsked();
            InputProcessor input =
                    chain.head() instanceof SourceOperator source
                            ? new SourceInput(source, BATCH_SIZE)
                            : (networkInput =
                                    new NetworkInput(
                                            io.readers(),
                                            io.inputSerializers(),
                                            headInputs(chain, io.readers().size()),
                                            BATCH_SIZE,
                                            checkpoints.lastSnapshotted(),
                                            checkpoints));
            transition(TaskState.RUNNING, "");
            LOG.infof("%s: running on %s", logName, Thread.currentThread().getName());
            chain.open();
            checkpoints.enter(TaskCheckpoints.Phase.RUNNING);
            scheduleOperatorMetrics();
            MailboxProcessor loop =
                    new MailboxProcessor(mailbox, timers, () -> canceled, this::flushPending);
            boolean inputEnded = loop.run(new CountingInput(input));
            if (inputEnded) {
                checkpoints.enter(TaskCheckpoints.Phase.DRAINING);
                chain.endOfInput();
                chain.finish();
                io.finishOutputs();
                publishCounters();
                inputEnded = loop.run(new DrainOutputs(io));
            }
            if (inputEnded) {
                checkpoints.enter(TaskCheckpoints.Phase.INPUT_ENDED);
                publishOperatorMetrics();
                transition(TaskState.INPUT_ENDED, "");
                LOG.infof("%s: input ended, waiting for the final checkpoint", logName);
                inputEnded = loop.run(new AwaitFinalCheckpoint());
            }
            end = inputEnded ? TaskState.FINISHED : TaskState.CANCELED;
        } catch (Throwable t) {
            if (canceled) {
                end = TaskState.CANCELED;
                LOG.debugf(t, "%s: canceled while it threw", logName);
            } else {
                end = TaskState.FAILED;
                failure = stackTrace(t);
                LOG.errorf(t, "%s: failed", logName);
            }
        }
        // A late cancel's interrupt must not disturb the cleanup.
        Thread.interrupted();
        try {
            if (chain != null) {
                chain.close();
            }
        } catch (Throwable t) {
            if (end == TaskState.FINISHED || end == TaskState.CANCELED && failure.isEmpty()) {
                LOG.warnf(t, "%s: closing the operators failed", logName);
            }
            if (end == TaskState.FINISHED) {
                end = TaskState.FAILED;
                failure = stackTrace(t);
            }
        } finally {
            if (io != null) {
                io.close();
            }
            Thread.currentThread().setContextClassLoader(executorLoader);
            if (userJars != null) {
                userJars.close();
            }
        }
        publishCounters();
        publishOperatorMetrics();
        LOG.infof("%s: %s", logName, end);
        transition(end, failure);
        termination.complete(end);
    }

    /** Where each input gate's records enter the chain, in gate order. */
    private static java.util.List<io.spate.executor.operators.Output> headInputs(
            OperatorChain chain, int gates) {
        if (chain.headInputs() == 2 && gates != 2) {
            throw new IllegalArgumentException(
                    chain.head().getClass().getSimpleName()
                            + " reads two inputs; the vertex has "
                            + gates);
        }
        java.util.List<io.spate.executor.operators.Output> heads = new java.util.ArrayList<>();
        for (int g = 0; g < gates; g++) {
            heads.add(chain.input(g));
        }
        return heads;
    }

    private OperatorContext contextOf(io.spate.jobgraph.OperatorSpec spec) {
        TaskDeploymentDescriptor d = deployment.descriptor();
        return new OperatorContext(
                spec,
                d.getJobId(),
                d.getJobName(),
                deployment.vertex().name(),
                d.getSubtaskIndex(),
                d.getParallelism(),
                d.getAttemptNumber(),
                clock,
                deployment.graph().maxParallelism(),
                deployment.graph().watermarkInterval(),
                processingTimers,
                // Side-output edges leave the chain's tail (the compiler ends a chain at an
                // operator whose side output is read); another operator's side outputs of the same
                // name are read by nobody, and must not reach the tail's edges.
                spec.equals(deployment.vertex().tail()) ? this::sideOutput : name -> row -> {},
                spec.equals(deployment.vertex().chain().getFirst())
                        ? deployment.vertex().inputs()
                        : java.util.List.of());
    }

    /** Records of side output {@code name} go to the edges reading it; none read it: dropped. */
    private io.spate.executor.operators.Output sideOutput(String name) {
        java.util.List<io.spate.executor.network.writer.RecordWriter> writers = io.writers(name);
        if (writers.isEmpty()) {
            return row -> {};
        }
        WriterOutput side = new WriterOutput(writers, java.util.List.of());
        sideOutputs.add(side);
        return side;
    }

    /** Processing time from the task's clock; callbacks run from the mailbox loop. */
    private final ProcessingTimers processingTimers =
            new ProcessingTimers() {
                @Override
                public long currentTimeMillis() {
                    return clock.currentTimeMillis();
                }

                @Override
                public void scheduleAt(long epochMillis, Runnable action) {
                    long delayMs = Math.max(0, epochMillis - clock.currentTimeMillis());
                    timers.schedule(
                            System.nanoTime()
                                    + Math.min(delayMs, Long.MAX_VALUE / 2_000_000L) * 1_000_000L,
                            action);
                }
            };

    private void flushPending() {
        output.flushPending();
        for (WriterOutput side : sideOutputs) {
            side.flushPending();
        }
    }

    private void transition(TaskState next, String failure) {
        state = next;
        try {
            listener.stateChanged(this, next, failure, metrics.snapshot());
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: state listener failed on %s", logName, next);
        }
    }

    private void scheduleOperatorMetrics() {
        timers.schedule(
                System.nanoTime() + OPERATOR_METRICS_PERIOD_NANOS,
                () -> {
                    publishOperatorMetrics();
                    scheduleOperatorMetrics();
                });
    }

    private void publishOperatorMetrics() {
        if (chain != null) {
            metrics.publishOperatorMetrics(chain.operators());
        }
    }

    private void publishCounters() {
        if (output == null) {
            return;
        }
        metrics.publishWatermark(
                networkInput != null ? networkInput.watermark() : output.watermark());
        // records out counts every output, side outputs too (as Flink's numRecordsOut)
        long out = output.recordsOut();
        long bytesOut = output.bytesOut();
        for (WriterOutput side : sideOutputs) {
            out += side.recordsOut();
            bytesOut += side.bytesOut();
        }
        metrics.publishCounters(
                networkInput == null ? 0 : networkInput.recordsIn(),
                out,
                networkInput == null ? 0 : networkInput.bytesIn(),
                bytesOut);
    }

    /** Publishes the counters after every batch: a few volatile writes per batch, no lock. */
    private final class CountingInput implements InputProcessor {
        private final InputProcessor input;

        CountingInput(InputProcessor input) {
            this.input = input;
        }

        @Override
        public Status processBatch() throws Exception {
            Status status = input.processBatch();
            if (status == Status.MORE) {
                publishCounters();
            }
            return status;
        }

        @Override
        public java.util.concurrent.CompletableFuture<?> availableFuture() {
            return input.availableFuture();
        }

        @Override
        public long resumeAtNanos() {
            return input.resumeAtNanos();
        }
    }

    /** After INPUT_ENDED: nothing but mails until the final checkpoint completed. */
    private final class AwaitFinalCheckpoint implements InputProcessor {
        @Override
        public Status processBatch() {
            return checkpoints.finalCheckpointCompleted() ? Status.END : Status.NOTHING_AVAILABLE;
        }
    }

    /**
     * After EndOfPartition: waits (polling with backoff, since partitions have no drain listener)
     * until consumers took everything from our subpartitions, still serving mails and cancel.
     */
    private static final class DrainOutputs implements InputProcessor {
        private final TaskNetwork io;
        private long pause = 1_000_000L;
        private long resumeAt;

        DrainOutputs(TaskNetwork io) {
            this.io = io;
        }

        @Override
        public Status processBatch() {
            if (io.outputsConsumed()) {
                return Status.END;
            }
            resumeAt = System.nanoTime() + pause;
            pause = Math.min(pause * 2, MAX_DRAIN_POLL_NANOS);
            return Status.NOTHING_AVAILABLE;
        }

        @Override
        public long resumeAtNanos() {
            return resumeAt;
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    // ---- views (any thread) ------------------------------------------------------------------

    public TaskDeployment deployment() {
        return deployment;
    }

    public String attemptId() {
        return deployment.attemptId();
    }

    public TaskState state() {
        return state;
    }

    public TaskMetrics metrics() {
        return metrics.snapshot();
    }

    /** Control mails for the task thread. */
    public TaskMailbox mailbox() {
        return mailbox;
    }

    /** Completes with the terminal state after cleanup, on the task thread. */
    public CompletableFuture<TaskState> termination() {
        return termination;
    }

    @Override
    public String toString() {
        return "Task[" + logName + "]";
    }
}
