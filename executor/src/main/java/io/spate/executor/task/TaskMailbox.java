package io.spate.executor.task;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The control mails of one task (Flink: TaskMailbox) and the one place its thread sleeps. Any
 * thread may {@link #put} a mail or {@link #wakeUp} the task; only the task thread runs mails and
 * waits. Waiting parks the thread until a mail arrives, the input becomes available, the deadline
 * passes or the thread is interrupted — never spinning, and without locks: a wake-up sets a
 * volatile flag before unparking, so one that races with the wait is never lost.
 */
public final class TaskMailbox {

    /** A control mail; what it throws fails the task, like an exception of an operator. */
    @FunctionalInterface
    public interface Mail {
        void run() throws Exception;
    }

    private final ConcurrentLinkedQueue<Mail> mails = new ConcurrentLinkedQueue<>();
    private final Runnable wakeUp = this::wakeUp;
    private volatile Thread owner;
    private volatile boolean wakeUpPending;
    private CompletableFuture<?> watched; // task thread only

    /** Binds the mailbox to the calling (task) thread. */
    void bindToCurrentThread() {
        owner = Thread.currentThread();
    }

    /** Enqueues a control mail; it runs on the task thread between batches. Any thread. */
    public void put(Mail mail) {
        mails.add(mail);
        wakeUp();
    }

    /** Makes a waiting task thread look at its work again. Any thread. */
    public void wakeUp() {
        wakeUpPending = true;
        Thread thread = owner;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /** Runs the mails queued now (not ones they enqueue); returns how many ran. Task thread. */
    int runMails() throws Exception {
        int ran = 0;
        for (int queued = mails.size(); queued > 0; queued--) {
            Mail mail = mails.poll();
            if (mail == null) {
                break;
            }
            mail.run();
            ran++;
        }
        return ran;
    }

    boolean hasMail() {
        return !mails.isEmpty();
    }

    /**
     * Parks the task thread until a mail or wake-up arrives, {@code available} completes (null: no
     * input to watch), {@code deadlineNanos} ({@code System.nanoTime()}) passes, or the thread is
     * interrupted.
     */
    void await(CompletableFuture<?> available, long deadlineNanos) {
        if (available != null && available != watched) {
            watched = available;
            // Registered once per future instance; the gate hands out a new one after each
            // completion.
            available.thenRun(wakeUp);
        }
        while (!wakeUpPending
                && mails.isEmpty()
                && (available == null || !available.isDone())
                && !Thread.currentThread().isInterrupted()) {
            if (deadlineNanos == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                LockSupport.parkNanos(this, left);
            }
        }
        wakeUpPending = false;
    }
}
