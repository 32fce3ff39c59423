package io.spate.executor.task;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Watches a cancelled task until its thread ended (Flink: TaskCancelerWatchDog, {@code
 * task.cancellation.timeout}): interrupts the thread again every {@code interval}, since user code
 * may swallow an interrupt, and when the task has still not ended after {@code
 * spate.executor.task-cancellation-timeout}, declares the executor unusable: a thread that cannot
 * be stopped keeps its slot, its memory and maybe its locks forever. As the last resort the process
 * exits (logged loudly first); the coordinator sees the executor gone, as after a crash, and fails
 * the job over to the other executors.
 *
 * <p>Threads: its own daemon thread {@code task-canceler-<task thread>}, one per cancelled task.
 */
public final class TaskCancellationWatchdog implements Runnable {

    private static final Logger LOG = Logger.getLogger(TaskCancellationWatchdog.class);

    /** The exit code of an executor that gave up on a task (EX_SOFTWARE). */
    static final int EXIT_CODE = 70;

    /** What happens when a task does not end: by default, the process halts. */
    @FunctionalInterface
    public interface Exit {
        void exit(String reason);

        Exit HALT =
                reason -> {
                    // The log may be asynchronous or stuck; stderr is the last reliable word.
                    System.err.println("FATAL: " + reason);
                    System.err.flush();
                    Runtime.getRuntime().halt(EXIT_CODE);
                };
    }

    private final Thread task;
    private final CompletableFuture<?> termination;
    private final Duration timeout;
    private final Exit exit;
    private final String logName;

    private TaskCancellationWatchdog(
            Thread task,
            CompletableFuture<?> termination,
            Duration timeout,
            Exit exit,
            String logName) {
        this.task = task;
        this.termination = termination;
        this.timeout = timeout;
        this.exit = exit;
        this.logName = logName;
    }

    /** Starts watching; a zero timeout watches nothing. */
    static void start(
            Thread task,
            CompletableFuture<?> termination,
            Duration timeout,
            Exit exit,
            String logName) {
        if (timeout.isZero() || termination.isDone()) {
            return;
        }
        Thread t =
                new Thread(
                        new TaskCancellationWatchdog(task, termination, timeout, exit, logName),
                        "task-canceler-" + task.getName());
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        long deadline = System.nanoTime() + timeout.toNanos();
        long interval = Math.max(1, Math.min(1_000, timeout.toMillis() / 4));
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                termination.get(
                        Math.min(left, TimeUnit.MILLISECONDS.toNanos(interval)),
                        TimeUnit.NANOSECONDS);
                return;
            } catch (TimeoutException e) {
                task.interrupt();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                return; // ended, exceptionally: it ended
            }
        }
        StringBuilder stack = new StringBuilder();
        for (StackTraceElement e : task.getStackTrace()) {
            stack.append("\n\tat ").append(e);
        }
        String reason =
                logName
                        + ": task thread "
                        + task.getName()
                        + " did not stop within spate.executor.task-cancellation-timeout ("
                        + timeout.toMillis()
                        + " ms) of being cancelled; the executor exits, as its last resort"
                        + " against user code that never returns. Its stack:"
                        + stack;
        LOG.fatal(reason);
        exit.exit(reason);
    }
}
