package io.spate.executor.taskexecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spate.rpc.proto.SlotStatus;
import org.junit.jupiter.api.Test;

class SlotTableTest {

    @Test
    void reportsEverySlotWithItsJob() {
        SlotTable slots = new SlotTable(3);
        slots.allocate(1, "job-a");

        assertThat(slots.freeCount()).isEqualTo(2);
        assertThat(slots.report())
                .extracting(SlotStatus::getIndex, SlotStatus::getJobId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, ""),
                        org.assertj.core.groups.Tuple.tuple(1, "job-a"),
                        org.assertj.core.groups.Tuple.tuple(2, ""));
    }

    @Test
    void aSlotHeldByOneJobIsNotGivenToAnother() {
        SlotTable slots = new SlotTable(1);
        slots.allocate(0, "job-a");
        slots.allocate(0, "job-a"); // the same job again: fine

        assertThatThrownBy(() -> slots.allocate(0, "job-b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("job-a")
                .hasMessageContaining("job-b");

        slots.freeAll();
        assertThat(slots.isFree(0)).isTrue();
    }

    @Test
    void namesSlotsThatDoNotExist() {
        SlotTable slots = new SlotTable(2);
        assertThatThrownBy(() -> slots.allocate(2, "job-a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slot 2 does not exist");
        assertThatThrownBy(() -> new SlotTable(0)).hasMessageContaining("at least 1 slot");
    }
}
