package io.spate.executor.network.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalBufferPoolTest {
    private final NetworkBufferPool global = new NetworkBufferPool(4096, 8 * 4096);

    @Test
    void reservationsAreBoundedAndNamed() throws Exception {
        LocalBufferPool first = new LocalBufferPool(global, 6, "partition A");
        assertThatThrownBy(() -> new LocalBufferPool(global, 3, "gate B"))
                .isInstanceOf(InsufficientBuffersException.class)
                .hasMessageContaining("gate B needs 3 network buffers but only 2 of 8 are free");
        first.destroy();
        assertThat(global.reservedSegments()).isZero();
    }

    @Test
    void buffersRecycleWhenTheLastReferenceIsReleased() throws Exception {
        LocalBufferPool pool = new LocalBufferPool(global, 2, "p");
        NetworkBuffer a = pool.requestBuffer();
        NetworkBuffer b = pool.requestBuffer();
        assertThat(pool.requestBuffer()).as("quota used up").isNull();
        var slice = a.retainedSlice(0, 10);
        a.release();
        assertThat(global.segmentsInUse()).as("slice keeps the segment").isEqualTo(2);
        slice.release();
        b.release();
        assertThat(global.segmentsInUse()).isZero();
        assertThat(pool.segmentsInUse()).isZero();
        pool.destroy();
    }

    @Test
    void recycledSegmentGoesToAWaitingListenerFirst() throws Exception {
        LocalBufferPool pool = new LocalBufferPool(global, 1, "floating");
        NetworkBuffer only = pool.requestBuffer();
        List<ByteBuffer> handedOver = new ArrayList<>();
        assertThat(pool.addListener(s -> handedOver.add(s))).isTrue();
        only.release();
        assertThat(handedOver).hasSize(1);
        assertThat(pool.segmentsInUse()).as("still lent out").isEqualTo(1);
        pool.recycle(handedOver.get(0));
        assertThat(global.segmentsInUse()).isZero();
        pool.destroy();
    }

    @Test
    void blockedRequestWakesOnRecycleAndOnDestroy() throws Exception {
        LocalBufferPool pool = new LocalBufferPool(global, 1, "p");
        NetworkBuffer only = pool.requestBufferBlocking();
        CompletableFuture<NetworkBuffer> waiting =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return pool.requestBufferBlocking();
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        only.release();
        NetworkBuffer next = waiting.get(5, TimeUnit.SECONDS);
        CompletableFuture<NetworkBuffer> waitingAgain =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return pool.requestBufferBlocking();
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        pool.destroy();
        assertThatThrownBy(() -> waitingAgain.get(5, TimeUnit.SECONDS))
                .hasMessageContaining("released");
        next.release();
        assertThat(global.segmentsInUse()).isZero();
        assertThat(global.reservedSegments()).isZero();
    }
}
