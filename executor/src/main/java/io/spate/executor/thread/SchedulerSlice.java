package io.spate.executor.thread;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The CPU time slice that the executor's latency-critical threads (task threads, data-plane event
 * loops, the output flusher) ask Linux' EEVDF scheduler for ({@code
 * spate.executor.scheduler-slice}, kernel 6.12+). A thread with a shorter slice than the one
 * running gets its deadline sooner, so when a record wakes it, it preempts a JIT compile, a
 * collector or a coordinator at once instead of waiting out their slice (1.4 ms on 2 cores). Its
 * share of the CPU stays the same.
 *
 * <p>Best effort by design: where the kernel, the OS or the runtime cannot (other systems, older
 * kernels, Java 21, a native image) threads keep the default and one log line says why.
 */
public final class SchedulerSlice {

    /** The range the kernel accepts for a custom slice. */
    public static final Duration MIN = Duration.ofNanos(100_000);

    public static final Duration MAX = Duration.ofMillis(100);

    /** Leaves every thread with the kernel's default slice. */
    public static final SchedulerSlice OFF = new SchedulerSlice(Duration.ZERO);

    private static final Logger LOG = Logger.getLogger(SchedulerSlice.class);
    private static final AtomicBoolean REPORTED = new AtomicBoolean();

    private final Duration slice;

    private SchedulerSlice(Duration slice) {
        this.slice = slice;
    }

    /**
     * {@code slice} for the latency-critical threads; zero is {@link #OFF}.
     *
     * @throws IllegalArgumentException when it is neither zero nor in {@link #MIN}..{@link #MAX}
     */
    public static SchedulerSlice of(Duration slice) {
        if (slice.isZero()) {
            return OFF;
        }
        if (slice.compareTo(MIN) < 0 || slice.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(
                    "must be 0 (the kernel's default) or in 100us..100ms");
        }
        return new SchedulerSlice(slice);
    }

    public Duration slice() {
        return slice;
    }

    public boolean isOff() {
        return slice.isZero();
    }

    /**
     * Asks for the slice for the calling thread, keeping its policy and nice value. Returns what
     * happened, for the log; never throws. Threads with a real-time or idle policy are left alone.
     */
    public Outcome applyToCurrentThread() {
        if (isOff()) {
            return Outcome.OFF;
        }
        Binding binding = Binding.INSTANCE;
        if (binding.calls == null) {
            return report(Outcome.unsupported(binding.why));
        }
        ByteBuffer attr = binding.calls.get();
        if (attr == null) {
            return report(Outcome.unsupported("sched_getattr failed"));
        }
        int policy = LinuxSchedAttr.policy(attr);
        if (policy != LinuxSchedAttr.SCHED_OTHER && policy != LinuxSchedAttr.SCHED_BATCH) {
            return report(Outcome.unsupported("the thread's scheduling policy is " + policy));
        }
        if (LinuxSchedAttr.runtimeNanos(attr) == 0) {
            return report(
                    Outcome.unsupported("this kernel has no custom slices (Linux 6.12+ has)"));
        }
        LinuxSchedAttr.runtimeNanos(attr, slice.toNanos());
        if (!binding.calls.set(attr)) {
            return report(Outcome.unsupported("sched_setattr refused the slice"));
        }
        return report(Outcome.APPLIED);
    }

    /** Threads of {@code factory} that ask for the slice before they run anything. */
    public ThreadFactory threadsOf(ThreadFactory factory) {
        if (isOff()) {
            return factory;
        }
        return task ->
                factory.newThread(
                        () -> {
                            applyToCurrentThread();
                            task.run();
                        });
    }

    /** The first outcome other than {@link Outcome#OFF} is logged, once per process. */
    private Outcome report(Outcome outcome) {
        if (REPORTED.compareAndSet(false, true)) {
            if (outcome.applied()) {
                LOG.infof(
                        "task threads and data-plane event loops run with a %d us scheduler slice",
                        slice.toNanos() / 1000);
            } else {
                LOG.infof(
                        "spate.executor.scheduler-slice not applied, threads keep the kernel's slice: %s",
                        outcome.reason());
            }
        }
        return outcome;
    }

    @Override
    public String toString() {
        return isOff() ? "off" : slice.toNanos() / 1000 + "us";
    }

    /** What {@link #applyToCurrentThread()} did: applied, off, or not supported and why. */
    public record Outcome(boolean applied, String reason) {
        public static final Outcome APPLIED = new Outcome(true, "applied");
        public static final Outcome OFF = new Outcome(false, "off");

        static Outcome unsupported(String reason) {
            return new Outcome(false, reason);
        }
    }

    /** The system-call binding, made once per process on first use. */
    private static final class Binding {
        static final Binding INSTANCE = new Binding();

        final LinuxSchedAttr calls;
        final String why;

        private Binding() {
            LinuxSchedAttr bound = null;
            String reason = null;
            try {
                bound = LinuxSchedAttr.bind();
            } catch (UnsupportedOperationException e) {
                reason = e.getMessage();
            }
            calls = bound;
            why = reason;
        }
    }
}
