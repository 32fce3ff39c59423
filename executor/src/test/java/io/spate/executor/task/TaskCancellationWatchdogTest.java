package io.spate.executor.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TaskCancellationWatchdogTest {

    @Test
    void aTaskThatSwallowsInterruptsIsInterruptedAgainThenTheExitIsCalledWithItsStack()
            throws Exception {
        AtomicInteger interrupts = new AtomicInteger();
        CountDownLatch stop = new CountDownLatch(1);
        Thread stubborn =
                new Thread(
                        () -> {
                            while (stop.getCount() > 0) {
                                try {
                                    stop.await();
                                } catch (InterruptedException swallowed) {
                                    interrupts.incrementAndGet();
                                }
                            }
                        },
                        "task-stubborn-0");
        stubborn.setDaemon(true);
        stubborn.start();
        try {
            AtomicReference<String> reason = new AtomicReference<>();
            CountDownLatch exited = new CountDownLatch(1);
            TaskCancellationWatchdog.start(
                    stubborn,
                    new CompletableFuture<>(),
                    Duration.ofMillis(400),
                    r -> {
                        reason.set(r);
                        exited.countDown();
                    },
                    "job/stubborn[0/1]");
            assertThat(exited.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(interrupts.get()).isGreaterThanOrEqualTo(2);
            // the stack is taken wherever the thread is: in its wait or between two
            assertThat(reason.get())
                    .contains(
                            "did not stop within spate.executor.task-cancellation-timeout (400 ms)")
                    .contains("TaskCancellationWatchdogTest");
        } finally {
            // a thread left behind would fail every later test that checks no task thread is left
            stop.countDown();
            stubborn.interrupt();
            stubborn.join(5_000);
        }
    }

    @Test
    void aTaskThatEndsInTimeIsLeftAlone() throws Exception {
        CompletableFuture<Void> termination = new CompletableFuture<>();
        AtomicReference<String> reason = new AtomicReference<>();
        Thread idle = new Thread(() -> {}, "task-idle-0");
        TaskCancellationWatchdog.start(idle, termination, Duration.ofMillis(300), reason::set, "x");
        termination.complete(null);
        // the watchdog's thread ends as soon as it sees the task ended: then it decided
        Thread watchdog =
                Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals("task-canceler-task-idle-0"))
                        .findFirst()
                        .orElse(null);
        if (watchdog != null) {
            watchdog.join(10_000);
            assertThat(watchdog.isAlive()).isFalse();
        }
        assertThat(reason.get()).isNull();
    }
}
