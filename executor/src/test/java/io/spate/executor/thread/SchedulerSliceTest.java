package io.spate.executor.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SchedulerSliceTest {

    private static final SchedulerSlice SLICE = SchedulerSlice.of(Duration.ofNanos(250_000));

    @Test
    void zeroIsOffAndTheRangeIsTheKernels() {
        assertThat(SchedulerSlice.of(Duration.ZERO)).isSameAs(SchedulerSlice.OFF);
        assertThat(SchedulerSlice.OFF.applyToCurrentThread()).isEqualTo(SchedulerSlice.Outcome.OFF);
        assertThat(SchedulerSlice.of(SchedulerSlice.MIN).toString()).isEqualTo("100us");
        assertThat(SchedulerSlice.of(SchedulerSlice.MAX).slice()).isEqualTo(Duration.ofMillis(100));
        assertThatThrownBy(() -> SchedulerSlice.of(Duration.ofNanos(99_999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100us..100ms");
        assertThatThrownBy(() -> SchedulerSlice.of(Duration.ofMillis(101)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void threadsOfTheFactoryRunWithTheSliceAndKeepTheirNiceValue() throws Exception {
        assumeTrue(kernelHasCustomSlices(), "needs Linux 6.12+ and Java 22+");
        long defaultSlice = onNewThread(Thread::new).get(10, TimeUnit.SECONDS);
        assertThat(defaultSlice).isNotEqualTo(250_000);

        ThreadFactory sliced = SLICE.threadsOf(Thread::new);
        assertThat(onNewThread(sliced).get(10, TimeUnit.SECONDS)).isEqualTo(250_000);

        // The rest of the attributes stay: a thread at nice 0 is still at nice 0 after the call.
        CompletableFuture<Integer> nice = new CompletableFuture<>();
        sliced.newThread(() -> nice.complete(LinuxSchedAttr.bind().get().getInt(16))).start();
        assertThat(nice.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void poolThreadsRunWithTheSlice() throws Exception {
        assumeTrue(kernelHasCustomSlices(), "needs Linux 6.12+ and Java 22+");
        var pool = Executors.newSingleThreadExecutor(SLICE.threadsOf(Thread::new));
        try {
            long slice = pool.submit(() -> currentSlice()).get(10, TimeUnit.SECONDS);
            assertThat(slice).isEqualTo(250_000);
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean kernelHasCustomSlices() {
        try {
            ByteBuffer attr = LinuxSchedAttr.bind().get();
            return attr != null && LinuxSchedAttr.runtimeNanos(attr) != 0;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static long currentSlice() {
        return LinuxSchedAttr.runtimeNanos(LinuxSchedAttr.bind().get());
    }

    private static CompletableFuture<Long> onNewThread(ThreadFactory factory) {
        CompletableFuture<Long> slice = new CompletableFuture<>();
        factory.newThread(() -> slice.complete(currentSlice())).start();
        return slice;
    }
}
