package io.spate.coordinator.resourcemanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spate.rpc.proto.SlotStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotPoolTest {

    private final SlotPool pool = new SlotPool();

    @Test
    void allocationSpreadsOverExecutorsWithMostFreeSlots() {
        pool.addExecutor("a", 2);
        pool.addExecutor("b", 2);

        List<SlotId> slots = pool.allocate("job", 2);

        assertThat(slots).extracting(SlotId::executorId).containsExactlyInAnyOrder("a", "b");
        assertThat(pool.freeSlots()).isEqualTo(2);
        assertThat(pool.owner(slots.get(0))).isEqualTo("job");
    }

    @Test
    void allocationIsAllOrNothing() {
        pool.addExecutor("a", 2);
        pool.allocate("first", 1);

        assertThatThrownBy(() -> pool.allocate("second", 2))
                .isInstanceOf(NotEnoughSlotsException.class)
                .hasMessage("job second needs 2 slots, but only 1 are free");
        assertThat(pool.freeSlots()).isEqualTo(1);
        assertThatThrownBy(() -> pool.allocate("third", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void releaseFreesOnlyThatJobsSlots() {
        pool.addExecutor("a", 3);
        pool.allocate("x", 2);
        pool.allocate("y", 1);

        assertThat(pool.release("x")).isEqualTo(2);

        assertThat(pool.freeSlots()).isEqualTo(2);
        assertThat(pool.freeSlots("a")).isEqualTo(2);
        assertThat(pool.release("x")).isZero();
    }

    @Test
    void removingAnExecutorNamesTheJobsThatLostSlots() {
        pool.addExecutor("a", 2);
        pool.addExecutor("b", 2);
        pool.allocate("x", 3);
        pool.allocate("y", 1);

        assertThat(pool.removeExecutor("a")).isNotEmpty().isSubsetOf("x", "y");
        assertThat(pool.totalSlots()).isEqualTo(2);
        assertThat(pool.freeSlots()).isZero();
    }

    @Test
    void slotReportClaimsSlotsButDoesNotFreeAllocatedOnes() {
        pool.addExecutor("a", 3);
        pool.allocate("pending", 1); // slot 0, task not deployed yet

        pool.applySlotReport(
                "a",
                List.of(
                        SlotStatus.newBuilder().setIndex(0).build(),
                        SlotStatus.newBuilder().setIndex(2).setJobId("running").build(),
                        SlotStatus.newBuilder().setIndex(7).setJobId("bogus").build()));

        assertThat(pool.owner(new SlotId("a", 0))).isEqualTo("pending");
        assertThat(pool.owner(new SlotId("a", 2))).isEqualTo("running");
        assertThat(pool.freeSlots()).isEqualTo(1);
    }
}
