package io.spate.executor.task;

import java.util.function.BooleanSupplier;

/**
 * The duty cycle of a task thread (Flink: MailboxProcessor; Agrona: an Agent with an idle
 * strategy). Each turn:
 *
 * <ol>
 *   <li>the default action: one bounded batch of input records (or one source batch);
 *   <li>the control mails queued now (cancel, later checkpoint trigger / notify-complete);
 *   <li>the timers that are due;
 *   <li>the end of the turn ({@code endOfTurn}: the outputs flush what buffer timeout 0 deferred).
 * </ol>
 *
 * If a turn did nothing, the thread parks in {@link TaskMailbox#await} until the input becomes
 * available, a mail arrives, the next timer or the source's pacing deadline is due — never
 * spinning. The loop ends when the input ends or {@code stopped} says so (cancel).
 */
final class MailboxProcessor {

    private final TaskMailbox mailbox;
    private final TaskTimers timers;
    private final BooleanSupplier stopped;
    private final Runnable endOfTurn;

    MailboxProcessor(
            TaskMailbox mailbox, TaskTimers timers, BooleanSupplier stopped, Runnable endOfTurn) {
        this.mailbox = mailbox;
        this.timers = timers;
        this.stopped = stopped;
        this.endOfTurn = endOfTurn;
    }

    /**
     * Runs {@code action} until it reports END (returns true) or the task is stopped (returns
     * false).
     */
    boolean run(InputProcessor action) throws Exception {
        while (!stopped.getAsBoolean()) {
            InputProcessor.Status status = action.processBatch();
            if (status == InputProcessor.Status.END) {
                endOfTurn.run();
                return true;
            }
            int work = status == InputProcessor.Status.MORE ? 1 : 0;
            if (mailbox.hasMail()) {
                work += mailbox.runMails();
            }
            work += timers.fireDue(System.nanoTime());
            endOfTurn.run();
            if (work == 0 && !stopped.getAsBoolean()) {
                long deadline = Math.min(timers.nextDueNanos(), action.resumeAtNanos());
                mailbox.await(action.availableFuture(), deadline);
            }
        }
        return false;
    }
}
