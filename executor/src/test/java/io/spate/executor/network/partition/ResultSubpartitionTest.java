package io.spate.executor.network.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.spate.executor.network.buffer.BufferBuilder;
import io.spate.executor.network.buffer.NetworkBufferPool;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResultSubpartitionTest {
    private final NetworkBufferPool global = new NetworkBufferPool(1024, 16 * 1024);
    private final ResultPartitionManager manager = new ResultPartitionManager();

    @Test
    void partialDataIsSentOnlyAfterAFlushAndFullBuffersAtOnce() throws Exception {
        AtomicInteger notifications = new AtomicInteger();
        ResultSubpartitionView view =
                manager.createView(
                        new ResultPartitionId("p"), 0, v -> notifications.incrementAndGet());
        ResultPartition partition =
                manager.createPartition(new ResultPartitionId("p"), 1, global, 4);

        BufferBuilder builder = partition.requestBufferBuilderBlocking(0);
        write(builder, 10);
        assertThat(view.isAvailable()).as("committed but not flushed").isFalse();
        assertThat(view.poll()).isNull();

        partition.flush(0);
        assertThat(notifications).hasValue(1);
        BufferAndBacklog first = view.poll();
        assertThat(first.buffer().size()).isEqualTo(10);
        assertThat(first.moreAvailable()).isFalse();
        first.buffer().release();

        write(builder, 5); // same buffer, after the sent part
        partition.finishBufferBuilder(0, builder);
        assertThat(notifications).hasValue(2);
        BufferBuilder second = partition.requestBufferBuilderBlocking(0);
        write(second, 7);
        partition.finishBufferBuilder(0, second);
        BufferAndBacklog rest = view.poll();
        assertThat(rest.buffer().size()).as("only the unsent bytes").isEqualTo(5);
        assertThat(rest.backlog()).isEqualTo(1);
        assertThat(rest.moreAvailable()).isTrue();
        rest.buffer().release();
        BufferAndBacklog last = view.poll();
        assertThat(last.buffer().size()).isEqualTo(7);
        assertThat(last.backlog()).isZero();
        last.buffer().release();

        partition.finish();
        BufferAndBacklog end = view.poll();
        assertThat(end.buffer().isEvent()).isTrue();
        end.buffer().release();
        assertThat(partition.isReleased()).as("released once consumed").isTrue();
        assertThat(global.segmentsInUse()).isZero();
        assertThat(global.reservedSegments()).isZero();
    }

    @Test
    void secondConsumerOfASubpartitionIsRejected() throws Exception {
        ResultPartition partition =
                manager.createPartition(new ResultPartitionId("q"), 1, global, 2);
        manager.createView(partition.id(), 0, v -> {});
        ResultSubpartitionView second = manager.createView(partition.id(), 0, v -> {});
        assertThat(second.isAvailable()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(second::poll)
                .hasMessageContaining("already has a consumer");
        partition.release();
        assertThat(global.reservedSegments()).isZero();
    }

    private static void write(BufferBuilder builder, int bytes) {
        for (int i = 0; i < bytes; i++) {
            builder.memory().put(builder.position(), (byte) i);
            builder.position(builder.position() + 1);
        }
        builder.commit();
    }
}
