package io.spate.rpc.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EndpointTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A counter: its list is touched on its loop only, checked by every entry point. */
    static class Counter extends Endpoint {
        final List<Integer> seen = new ArrayList<>();
        volatile boolean failStart;

        @Override
        protected void onStart() {
            validateRunsInMainThread();
            if (failStart) {
                throw new IllegalStateException("no");
            }
        }

        Future<Integer> add(int value) {
            return ask(
                    () -> {
                        seen.add(value);
                        return seen.size();
                    });
        }

        void addLater(int value) {
            tell(() -> seen.add(value));
        }

        Future<List<Integer>> seen() {
            return ask(() -> List.copyOf(seen));
        }

        Future<String> boom() {
            return ask(
                    () -> {
                        throw new IllegalArgumentException("bad");
                    });
        }

        Future<String> later(Duration delay) {
            return askAsync(
                    () -> {
                        CompletableFuture<String> done = new CompletableFuture<>();
                        mainThreadExecutor()
                                .schedule(
                                        delay,
                                        () -> {
                                            validateRunsInMainThread();
                                            done.complete("fired");
                                        });
                        return Future.fromCompletionStage(done);
                    });
        }

        void touchFromHere() {
            validateRunsInMainThread();
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void messagesSentBeforeTheStartWaitForItInOrder() throws Exception {
        Counter counter = new Counter();
        Future<Integer> first = counter.add(1);
        counter.addLater(2);
        Future<Integer> third = counter.add(3);
        assertThat(first.isComplete()).isFalse();

        await(vertx.deployVerticle(counter));

        assertThat(await(first)).isEqualTo(1);
        assertThat(await(third)).isEqualTo(3);
        assertThat(await(counter.seen())).containsExactly(1, 2, 3);
        assertThat(counter.isRunning()).isTrue();
    }

    @Test
    void anAskAnswersWhatTheCallThrew() throws Exception {
        Counter counter = new Counter();
        await(vertx.deployVerticle(counter));
        assertThatThrownBy(() -> await(counter.boom()))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad");
        assertThat(await(counter.add(7))).isEqualTo(1); // the endpoint lives on
    }

    @Test
    void aStoppedEndpointRefusesAsksAndDropsTells() throws Exception {
        Counter counter = new Counter();
        String id = await(vertx.deployVerticle(counter));
        await(vertx.undeploy(id));

        assertThat(counter.isRunning()).isFalse();
        counter.addLater(1); // dropped, no failure to anyone
        assertThatThrownBy(() -> await(counter.add(2)))
                .cause()
                .isInstanceOf(EndpointNotRunningException.class);
    }

    @Test
    void asksWaitingForAStartThatFailsAreRefused() throws Exception {
        Counter counter = new Counter();
        counter.failStart = true;
        Future<Integer> waiting = counter.add(1);
        assertThatThrownBy(() -> await(vertx.deployVerticle(counter))).hasMessageContaining("no");
        assertThatThrownBy(() -> await(waiting))
                .cause()
                .isInstanceOf(EndpointNotRunningException.class);
        assertThat(counter.isRunning()).isFalse();
    }

    @Test
    void timersOfTheMainThreadExecutorFireOnTheLoop() throws Exception {
        Counter counter = new Counter();
        await(vertx.deployVerticle(counter));
        assertThat(await(counter.later(Duration.ofMillis(5)))).isEqualTo("fired");
    }

    @Test
    void touchingTheStateFromAnotherThreadFailsTheAssertion() throws Exception {
        Counter counter = new Counter();
        await(vertx.deployVerticle(counter));
        assertThatThrownBy(counter::touchFromHere)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("may only be touched on its own event loop");
    }

    @Test
    void backToCallerEmitsOnTheCallersContext() throws Exception {
        Counter counter = new Counter();
        await(vertx.deployVerticle(counter));
        CompletableFuture<Thread> emittedOn = new CompletableFuture<>();
        CompletableFuture<Thread> callerThread = new CompletableFuture<>();
        vertx.runOnContext(
                v -> {
                    callerThread.complete(Thread.currentThread());
                    Endpoint.backToCaller(counter.add(1))
                            .subscribe()
                            .with(n -> emittedOn.complete(Thread.currentThread()));
                });
        assertThat(emittedOn.get(10, TimeUnit.SECONDS)).isSameAs(callerThread.get());
    }
}
