package io.spate.coordinator.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The spec-parsing pool: bounded in threads and queue, and every piece of work in time. */
class SpecWorkersTest {

    @Test
    void workPastTheBudgetIsAbandonedAndItsThreadInterrupted() throws Exception {
        SpecWorkers workers = new SpecWorkers(1, 0, Duration.ofMillis(50));
        CountDownLatch interrupted = new CountDownLatch(1);
        CompletableFuture<String> stuck =
                workers.run(
                                () -> {
                                    try {
                                        new CountDownLatch(1).await(); // never counted down
                                    } catch (InterruptedException e) {
                                        interrupted.countDown();
                                    }
                                    return "finished";
                                })
                        .toCompletableFuture();

        assertThatThrownBy(() -> stuck.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(SpecWorkers.Overloaded.class)
                .hasMessage(
                        "spec: parsing and checking took longer than spate.jobs.parse-timeout"
                                + " (0.05s); it was abandoned");
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).isTrue();
        // The thread is free again once it has left the interrupted work and waits for more
        // (a submission in between is refused: there is no queue).
        String[] next = {null};
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(5))
                .until(
                        () -> {
                            try {
                                next[0] =
                                        workers.run(() -> "next")
                                                .toCompletableFuture()
                                                .get(30, TimeUnit.SECONDS);
                                return true;
                            } catch (ExecutionException e) {
                                assertThat(e.getCause()).isInstanceOf(SpecWorkers.Overloaded.class);
                                return false;
                            }
                        });
        assertThat(next[0]).isEqualTo("next");
        workers.stop(null);
    }

    @Test
    void withEveryThreadBusyAndTheQueueFullANewSubmissionIsRefusedAtOnce() throws Exception {
        SpecWorkers workers = new SpecWorkers(1, 1, Duration.ofMinutes(5));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        var busy =
                workers.run(
                                () -> {
                                    started.countDown();
                                    release.await();
                                    return 1;
                                })
                        .toCompletableFuture();
        started.await(30, TimeUnit.SECONDS);
        var queued = workers.run(() -> 2).toCompletableFuture();
        var refused = workers.run(() -> 3).toCompletableFuture();

        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::get)
                .cause()
                .isInstanceOf(SpecWorkers.Overloaded.class)
                .hasMessageContaining("spate.jobs.parse-threads and spate.jobs.parse-queue");
        release.countDown();
        assertThat(busy.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(queued.get(30, TimeUnit.SECONDS)).isEqualTo(2);
        workers.stop(null);
    }

    @Test
    void aFailureOfTheWorkIsTheCallersFailure() {
        SpecWorkers workers = new SpecWorkers(1, 0, Duration.ofMinutes(5));
        var failed =
                workers.run(
                                () -> {
                                    throw new IllegalStateException("bad spec");
                                })
                        .toCompletableFuture();
        assertThatThrownBy(() -> failed.get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("bad spec");
        workers.stop(null);
    }
}
